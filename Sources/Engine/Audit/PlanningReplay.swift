import Domain
import Foundation
import Git

/// Re-judges a planning transition's deterministic validators on its parent: plan-complete, dependencies-exist
/// and no-dependency-cycle read only committed files, so `verify` can recompute their verdict instead of trusting
/// the evidence. Evidence that says "pass" where the parent's plan fails could not have come from the gate.
struct PlanningReplay {
    let repo: Repository

    /// Why the planning gate (as its file stood in `parent`) would fail for `service` on `parent`; [] when it passes.
    func failures(service: ServiceName, parent: OID) throws -> [String] {
        let source = CommitSource(repo: repo, commit: parent)
        let catalog = Catalog(source: source)
        guard let gate = try? catalog.gate(for: .planning) else { return [] }  // no gate file: nothing to replay
        let kinds = Set(gate.validators.map(\.kind))
        guard let plan = try? catalog.plan(of: service) else {
            return kinds.isEmpty ? [] : ["\(Workspace.planPath(service)) does not parse in the parent"]
        }
        var failures: [String] = []
        if kinds.contains(.planComplete) {
            var problems = plan.planningProblems().map(\.keyPath)
            if let name = plan.name, name != service.rawValue { problems.append("name") }
            if !problems.isEmpty { failures.append("plan-complete would fail (\(problems.joined(separator: ", ")))") }
        }
        let services = Set((try? catalog.serviceNames()) ?? [])
        if kinds.contains(.dependenciesExist) {
            let missing = plan.dependsOn.filter { !services.contains($0) }
            if !missing.isEmpty {
                failures.append("dependencies-exist would fail (\(missing.joined(separator: ", ")))")
            }
        }
        if kinds.contains(.noDependencyCycle) {
            let graph = DependencyGraph.reachable(from: service, plan: plan) { try? catalog.plan(of: $0) }.graph
            if let cycle = graph.cycle(through: service) {
                failures.append("no-dependency-cycle would fail (\(cycle.joined(separator: " -> ")))")
            }
        }
        return failures
    }
}
