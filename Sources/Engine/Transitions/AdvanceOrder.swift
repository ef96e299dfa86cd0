import Domain
import Foundation

/// The order `advance --all` takes: dependencies before dependents, ready services left out.
public enum AdvanceOrder {
    public static func all(in workspace: Workspace) throws -> [String] {
        let catalog = Catalog(source: WorkTreeSource(workspace))
        let plans = try catalog.allPlans()
        let phases = try catalog.allPhases()
        var edges: [String: [String]] = [:]
        for name in try catalog.serviceNames() { edges[name] = plans[name]?.dependsOn ?? [] }
        let order = try DependencyGraph(edges).topologicalOrder()
        return order.filter { edges[$0] != nil && phases[$0] != .ready }
    }
}
