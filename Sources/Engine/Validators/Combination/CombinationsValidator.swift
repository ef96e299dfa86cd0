import Domain
import Foundation

/// combinations: pairs, then triplets, then the full set, each as a real pod (see `CombinationRunner`);
/// stops at the first failing combination and names it. Evidence gets each combination's image ids and
/// results in metrics (`c<n>.…`) and its Pod YAML as an artifact; the service's image goes to the run's evidence.
struct CombinationsValidator: Validator {
    /// Artifact file names start with this (`5-combination-pod-dns+mail.yaml`), next to the evidence file.
    static let artifactPrefix = "5-combination-pod-"

    static func artifactName(_ combination: Combination) -> String { "\(artifactPrefix)\(combination.name).yaml" }

    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        let options = CombinationOptions(
            startFactor: try context.spec.double("start_factor", default: 2),
            recoveryFactor: try context.spec.double("recovery_factor", default: 1),
            testTimeout: try context.spec.duration("test_timeout", default: .seconds(300)).seconds,
            restartGrace: try context.spec.int("restart_grace", default: 10))
        var plans = context.plans
        plans[context.service] = context.plan
        let graph = IntegrationGraph(plans: plans)
        let plan: CombinationPlan
        do {
            plan = try CombinationPlanner(graph: graph, phases: context.phases).plan(for: context.service)
        } catch let DependencyError.cycle(path) {
            return .fail("dependency cycle: \(path.joined(separator: " -> ")); no start order exists")
        }
        guard let own = try context.containers.imageInfo(context.imageRef) else {
            return .fail(
                "image \(context.imageRef) does not exist; build it (`podserve-gate build \(context.service)`)")
        }
        context.scratchpad.image = ImageRecord(ref: context.imageRef, info: own)
        guard plan.blockingDependencies.isEmpty else {
            let named = plan.blockingDependencies.map { "\($0) (in \(plan.waiting[$0] ?? "unknown"))" }
            return .fail(
                "dependencies not past performance: \(named.joined(separator: ", ")); they must pass phase 3 before they are combined"
            )
        }
        // Every member's image must be built from HEAD's context before any pod starts (exit 2 otherwise).
        let guardian = ImageGuard(workspace: context.workspace, containers: context.containers)
        for member in Set(plan.combinations.flatMap(\.services)).sorted() where member != context.service {
            try guardian.requireFresh(service: member, plan: plans[member] ?? ServicePlan())
        }
        guard !plan.combinations.isEmpty else {
            return .pass(
                "nothing to combine yet: no dependency and no dependent of \(context.service) is past performance",
                metrics: ["combinations": .number(0)])
        }
        return try runAll(plan, context: context, plans: plans, graph: graph, options: options)
    }

    private func runAll(
        _ plan: CombinationPlan, context: ValidatorContext, plans: [ServiceName: ServicePlan],
        graph: IntegrationGraph, options: CombinationOptions
    ) throws -> ValidatorOutcome {
        let runner = CombinationRunner(
            engine: context.containers, runner: context.runner, progress: context.progress,
            root: context.workspace.root, options: options)
        let tests = plans.mapValues { $0.integration.tests ?? [] }
        // Every test script must lie inside the workspace (no absolute path, `..` or link leading out): checked
        // for all of them before any pod starts, so a refusal leaves nothing running.
        for (service, paths) in tests.sorted(by: { $0.key < $1.key }) {
            for path in paths {
                _ = try context.workspace.inside(path, field: "\(Workspace.planPath(service)): integration.tests")
            }
        }
        var metrics: [String: MetricValue] = ["combinations": .number(Double(plan.combinations.count))]
        var artifacts: [String: String] = [:]
        var output: [String] = []
        var passed: [String] = []
        for (index, combination) in plan.combinations.enumerated() {
            let prefix = "c\(index + 1)."
            metrics[prefix + "name"] = .text(combination.label)
            var withoutPath: Set<ServiceName> = []
            for service in combination.services {
                let ref = PodMember.imageRef(service: service, plan: plans[service] ?? ServicePlan())
                guard let info = try context.containers.imageInfo(ref) else {
                    metrics[prefix + "status"] = .text("fail")
                    return ValidatorOutcome(
                        .fail,
                        "\(combination.label) cannot run: image \(ref) of \(service) does not exist; build it (`podserve-gate build \(service)`)",
                        metrics: metrics, output: output.joined(separator: "\n"), artifacts: artifacts)
                }
                metrics[prefix + "image.\(service)"] = .text(info.id)
                if let tree = info.labels[ImageLabel.context] { metrics[prefix + "context.\(service)"] = .text(tree) }
                if PodSpec.lacksPath(info) { withoutPath.insert(service) }
            }
            let labels = context.containers.runLabel.labels.merging(["podserve-gate.service": context.service.rawValue])
            {
                a, _ in a
            }
            let pod = PodSpec.of(
                services: combination.services, plans: plans,
                name: "pg-\(context.service)-c\(index + 1)-\(context.containers.runLabel.runID)",
                labels: labels, withoutPath: withoutPath)
            artifacts[Self.artifactName(combination)] = pod.yaml()
            let profiles = Dictionary(
                uniqueKeysWithValues: combination.services.map {
                    ($0, PodMember.profile(service: $0, plan: plans[$0] ?? ServicePlan()))
                })
            let selected = IntegrationTestScript.select(for: combination, tests: tests, graph: graph)
            let result = try runner.run(combination, pod: pod, profiles: profiles, tests: selected, graph: graph)
            for (key, value) in result.metrics { metrics[prefix + key] = value }
            output.append("== \(combination.label) ==")
            output += result.output
            guard result.passed else {
                let before = passed.isEmpty ? "" : " (passed before it: \(passed.joined(separator: ", ")))"
                return ValidatorOutcome(
                    .fail, "\(combination.label) failed: \(result.failure)\(before)", metrics: metrics,
                    output: output.joined(separator: "\n"), artifacts: artifacts)
            }
            passed.append(combination.label)
        }
        return ValidatorOutcome(
            .pass, "\(passed.count) combination(s) passed: \(passed.joined(separator: ", "))",
            metrics: metrics, output: output.joined(separator: "\n"), artifacts: artifacts)
    }
}
