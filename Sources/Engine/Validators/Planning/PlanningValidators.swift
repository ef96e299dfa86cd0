import Domain
import Foundation

/// plan-complete: every key phase 1 needs is present and well-typed (SPEC §2, seed Phase 1).
struct PlanCompleteValidator: Validator {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        var problems = context.plan.planningProblems()
        if let name = context.plan.name, name != context.service.rawValue {
            problems.append(
                PlanProblem(
                    keyPath: "name", message: "is '\(name)' but the folder is services/\(context.service)",
                    fix: "set name: \(context.service)"))
        }
        let path = Workspace.planPath(context.service)
        guard problems.isEmpty else {
            let lines = problems.map { "\(path): \($0.keyPath): \($0.message) — \($0.fix)" }
            return .fail(
                "\(problems.count) planning gap(s) in \(path): " + problems.map(\.keyPath).joined(separator: ", "),
                metrics: ["problems": .number(Double(problems.count))], output: lines.joined(separator: "\n"))
        }
        return .pass("plan complete: scope, ports, data, config, health, targets, testing and dependencies declared")
    }
}

/// dependencies-exist: every `depends_on` entry is a service of this workspace.
struct DependenciesExistValidator: Validator {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        let deps = context.plan.dependsOn
        let missing = deps.filter { context.plans[$0] == nil && context.phases[$0] == nil }
        guard missing.isEmpty else {
            return .fail(
                "depends_on names unknown service(s): \(missing.joined(separator: ", ")) (create them with `podserve-gate new`)",
                metrics: ["missing": .number(Double(missing.count))])
        }
        return .pass(
            deps.isEmpty
                ? "no dependencies (foundational service)" : "dependencies exist: \(deps.joined(separator: ", "))",
            metrics: ["dependencies": .number(Double(deps.count))])
    }
}

/// no-dependency-cycle: the dependency graph through this service has no cycle; a cycle is named.
struct NoDependencyCycleValidator: Validator {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        let graph = DependencyGraph(servicePlans: context.plans, service: context.service, plan: context.plan)
        if let cycle = graph.cycle(through: context.service) {
            return .fail("dependency cycle: \(cycle.joined(separator: " -> "))")
        }
        return .pass("no dependency cycle")
    }
}
