import Domain
import Engine
import Foundation
import Support
import TestSupport
import Testing

/// Shared set-up of the integration-gate tests: a scratch git workspace, tiny-image service plans, a Podman
/// with a run id of its own (so the leftover check sees only this test's pods), and validator contexts.
final class IntegrationFixture {
    let sandbox: GitSandbox
    let workspace: Workspace
    let podman: Podman
    var plans: [ServiceName: ServicePlan] = [:]
    var phases: [ServiceName: Phase] = [:]

    init() throws {
        try TinyImages.ensureAll()
        sandbox = try GitSandbox()
        try sandbox.write("README.md", "scratch workspace\n")
        try sandbox.git("add", "README.md")
        try sandbox.git("commit", "-q", "-m", "start")
        workspace = try Workspace.open(at: sandbox.root)
        podman = Podman(runLabel: RunLabel(runID: "itest-\(UUID().uuidString.prefix(8).lowercased())"))
    }

    deinit { sandbox.remove() }

    /// A tiny service: file-based liveness/readiness, a 1 s startup target and 50 MB memory target.
    static func tinyPlan(
        _ image: String, dependsOn: [ServiceName] = [], tests: [String] = [], ports: [String] = [],
        env: [String: String] = [:], startup: Double = 1
    ) -> ServicePlan {
        ServicePlan(
            image: image, ports: ports, data: [], config: .init(env: env),
            health: .init(
                liveness: .init(command: TinyImages.liveness, timeout: .seconds(2)),
                readiness: .init(command: TinyImages.readiness, timeout: .seconds(2))),
            targets: .init(startup: .seconds(startup), memory: ByteSize(bytes: 50_000_000)),
            dependsOn: dependsOn,
            integration: .init(
                communication: ["talks to its dependencies"], shared: [], failure: ["dependency restarts"],
                tests: tests))
    }

    /// Adds a service in `phase`.
    func add(_ name: ServiceName, _ plan: ServicePlan, phase: Phase = .integrationPlanning) {
        plans[name] = plan
        phases[name] = phase
    }

    /// Writes an executable test script into the workspace.
    func script(_ path: String, _ body: String) throws {
        try sandbox.write(path, "#!/bin/sh\n" + body + "\n")
        #expect(chmod(sandbox.root + "/" + path, 0o755) == 0)
    }

    func context(
        _ service: ServiceName, kind: ValidatorKind, options: [String: OptionValue] = [:],
        scratchpad: RunScratchpad = RunScratchpad()
    ) -> ValidatorContext {
        let phase = kind.phase ?? .combination
        return ValidatorContext(
            workspace: workspace, service: service, plan: plans[service] ?? ServicePlan(), phase: phase,
            spec: ValidatorSpec(id: kind.rawValue, kind: kind, options: options), runner: SystemProcessRunner(),
            containers: podman, progress: .silent, plans: plans, phases: phases, scratchpad: scratchpad)
    }

    /// Runs the registry's validator of `kind` for `service`.
    func run(
        _ kind: ValidatorKind, _ service: ServiceName, options: [String: OptionValue] = [:],
        scratchpad: RunScratchpad = RunScratchpad()
    ) throws -> ValidatorOutcome {
        let validator = try #require(IntegrationValidators.all[kind], "no validator for \(kind.rawValue)")
        return try validator.run(context(service, kind: kind, options: options, scratchpad: scratchpad))
    }

    /// Every test ends here: nothing this test started may remain.
    func expectNoLeftovers(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let left = try PodLeftovers.of(runID: podman.runLabel.runID)
        #expect(left.isEmpty, "left behind: \(left)", sourceLocation: sourceLocation)
    }
}
