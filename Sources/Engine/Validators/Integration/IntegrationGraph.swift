import Domain
import Foundation

/// The dependency graph the integration gates reason about: every service's `depends_on`, with start
/// orders and dependency closures of service sets (dependencies first, ties by name).
package struct IntegrationGraph: Sendable {
    package let graph: DependencyGraph

    package init(_ graph: DependencyGraph) { self.graph = graph }

    /// The graph of all plans, with `plan` (the work-tree plan of `service`) taking precedence.
    package init(plans: [ServiceName: ServicePlan], service: ServiceName? = nil, plan: ServicePlan? = nil) {
        self.graph = DependencyGraph(servicePlans: plans, service: service, plan: plan)
    }

    package var services: [ServiceName] { graph.services }

    /// Direct dependencies of `service`, as written.
    package func dependencies(of service: ServiceName) -> [ServiceName] { graph.edges[service] ?? [] }

    /// Services that list `service` in their `depends_on`, sorted.
    package func dependents(of service: ServiceName) -> [ServiceName] { graph.dependents(of: service) }

    /// `services` plus everything they depend on, transitively.
    package func closure(of services: Set<ServiceName>) -> Set<ServiceName> {
        var result = services
        var pending = Array(services)
        while let next = pending.popLast() {
            for dependency in dependencies(of: next) where !result.contains(dependency) {
                result.insert(dependency)
                pending.append(dependency)
            }
        }
        return result
    }

    /// The members of `services` in start order: each after everything it depends on.
    /// Throws `DependencyError.cycle` naming the loop.
    package func startOrder(of services: Set<ServiceName>) throws -> [ServiceName] {
        var edges: [ServiceName: [ServiceName]] = [:]
        for service in services { edges[service] = dependencies(of: service).filter(services.contains) }
        return try DependencyGraph(edges).topologicalOrder()
    }

    /// The start order of `service` and everything it depends on; its cycle, if any, is thrown by name.
    package func startOrder(for service: ServiceName) throws -> [ServiceName] {
        if let cycle = graph.cycle(through: service) { throw DependencyError.cycle(cycle) }
        return try startOrder(of: closure(of: [service]))
    }

    /// Whether `services` are connected through dependency edges (in either direction) among themselves.
    package func isConnected(_ services: Set<ServiceName>) -> Bool {
        guard let first = services.min() else { return true }
        var reached: Set<ServiceName> = [first]
        var pending = [first]
        while let node = pending.popLast() {
            let neighbours = dependencies(of: node) + dependents(of: node)
            for next in neighbours where services.contains(next) && !reached.contains(next) {
                reached.insert(next)
                pending.append(next)
            }
        }
        return reached == services
    }
}
