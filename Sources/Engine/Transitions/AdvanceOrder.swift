import Domain
import Foundation

/// The order `advance --all` takes: dependencies before dependents, ready services left out.
package enum AdvanceOrder {
    package static func all(in workspace: Workspace) throws -> [ServiceName] {
        let catalog = Catalog(source: WorkTreeSource(workspace))
        let plans = try catalog.allPlans()
        let phases = try catalog.allPhases()
        let graph = DependencyGraph(servicePlans: plans, services: try catalog.serviceNames())
        return try graph.topologicalOrder().filter { graph.edges[$0] != nil && phases[$0] != .ready }
    }
}
