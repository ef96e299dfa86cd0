import Domain
import Foundation

/// What `podserve-gate plan` shows: the start order and, per service, the combinations phase 5 will run
/// with the integration tests each runs, from the work tree's plans and states.
package struct IntegrationPlanReport: Codable, Equatable, Sendable {
    /// One combination with the tests it will run.
    package struct Entry: Codable, Equatable, Sendable {
        package var kind: CombinationKind
        package var focus: [ServiceName]
        package var services: [ServiceName]
        package var tests: [String]
    }

    /// One service's part of the plan.
    package struct ServiceEntry: Codable, Equatable, Sendable {
        package var service: ServiceName
        package var phase: String
        package var startOrder: [ServiceName]
        package var combinations: [Entry]
        /// Services not past performance yet that a combination needs or could include, with their phase.
        package var waiting: [ServiceName: String]
    }

    /// Every service in start order (dependencies first).
    package var startOrder: [ServiceName]
    package var services: [ServiceEntry]

    /// Builds the report for `only` (or every service); a dependency cycle is thrown, named, and so is a plan
    /// that does not parse (the start order would silently leave it out).
    package static func make(workspace: Workspace, only: ServiceName? = nil) throws -> IntegrationPlanReport {
        let catalog = Catalog(source: WorkTreeSource(workspace))
        if let only { try catalog.requireService(only) }
        let plans = try catalog.allPlansOrThrow()
        let phases = try catalog.allPhases()
        let graph = IntegrationGraph(DependencyGraph(servicePlans: plans, services: try catalog.serviceNames()))
        let planner = CombinationPlanner(graph: graph, phases: phases)
        let tests = plans.mapValues { $0.integration.tests ?? [] }
        let names = try only.map { [$0] } ?? graph.startOrder(of: Set(graph.services))
        let entries = try names.map { name -> ServiceEntry in
            let plan = try planner.plan(for: name)
            return ServiceEntry(
                service: name, phase: phases[name]?.rawValue ?? "unknown", startOrder: plan.startOrder,
                combinations: plan.combinations.map { combination in
                    Entry(
                        kind: combination.kind, focus: combination.focus, services: combination.services,
                        tests: IntegrationTestScript.select(for: combination, tests: tests, graph: graph).map(\.path))
                },
                waiting: plan.waiting)
        }
        let order = only.map { _ in entries.first?.startOrder ?? [] } ?? names
        return IntegrationPlanReport(startOrder: order, services: entries)
    }
}
