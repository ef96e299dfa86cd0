import Domain
import Engine
import Foundation
import Support
import TestSupport
import Testing

/// Opt-in (PODSERVE_REAL_PODS=1, images built): phase 5 over this repository's own dns, mail and apache,
/// as if all three were past performance, with their real integration tests. Slow (minutes).
@Suite(
    "Integration combinations of the repository's services", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["PODSERVE_REAL_PODS"] == "1", "set PODSERVE_REAL_PODS=1 to run"),
    .podman)
struct IntegrationRealServicesTests {
    @Test(arguments: ["mail", "apache", "dns"])
    func combinationsPassForTheRepositoryServices(_ service: String) throws {
        try run(.combinations, try ServiceName(service))
    }

    @Test(arguments: ["mail", "apache", "dns"])
    func securityReviewAndDocsPassForTheRepositoryServices(_ service: String) throws {
        try run(.securityReview, try ServiceName(service))
        try run(.docsComplete, try ServiceName(service))
    }

    func run(_ kind: ValidatorKind, _ service: ServiceName) throws {
        let workspace = try Workspace.open(at: GateCLI.packageRoot)
        let catalog = Catalog(source: WorkTreeSource(workspace))
        var plans: [ServiceName: ServicePlan] = [:]
        for name: ServiceName in ["dns", "mail", "apache"] { plans[name] = try catalog.plan(of: name) }
        let phases = plans.mapValues { _ in Phase.integrationPlanning }
        let podman = Podman(runLabel: RunLabel(runID: "itest-real-\(UUID().uuidString.prefix(6).lowercased())"))
        let context = ValidatorContext(
            workspace: workspace, service: service, plan: plans[service]!, phase: kind.phase ?? .combination,
            spec: ValidatorSpec(id: kind.rawValue, kind: kind), runner: SystemProcessRunner(), containers: podman,
            progress: Progress(level: .normal, isTerminal: false), plans: plans, phases: phases)
        let outcome = try #require(IntegrationValidators.all[kind]).run(context)
        #expect(outcome.status == .pass, "\(service) \(kind.rawValue): \(outcome.message)\n\(outcome.output)")
        print("\(service) \(kind.rawValue): \(outcome.message)")
        let left = try PodLeftovers.of(runID: podman.runLabel.runID)
        #expect(left.isEmpty, "left behind: \(left)")
    }
}
