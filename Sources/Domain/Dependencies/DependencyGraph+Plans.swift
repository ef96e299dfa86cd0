/// The one place dependency edges are built from plans, so every gate, order and report reads `depends_on`
/// the same way.
extension DependencyGraph {
    /// The graph of every plan's `depends_on`. `services` without a plan in `plans` (one that does not parse)
    /// are nodes without edges, so they still count as existing; `plan`, the work-tree plan of `service` being
    /// judged, takes precedence over that service's entry in `plans`.
    package init(
        servicePlans plans: [ServiceName: ServicePlan], services: [ServiceName] = [], service: ServiceName? = nil,
        plan: ServicePlan? = nil
    ) {
        var edges: [ServiceName: [ServiceName]] = [:]
        for name in services { edges[name] = [] }
        for (name, plan) in plans { edges[name] = plan.dependsOn }
        if let service, let plan { edges[service] = plan.dependsOn }
        self.init(edges)
    }

    /// The graph reachable from `service` (whose plan is `plan`), reading each dependency's plan through
    /// `load` only when the walk reaches it: enough to find every cycle through `service` without parsing
    /// every plan of a large workspace. A dependency `load` returns nil for is left out of the graph.
    package static func reachable(
        from service: ServiceName, plan: ServicePlan,
        load: (ServiceName) throws -> ServicePlan?
    ) rethrows -> (graph: DependencyGraph, plans: [ServiceName: ServicePlan]) {
        var plans = [service: plan]
        var refused: Set<ServiceName> = []
        var queue = plan.dependsOn
        while let next = queue.popLast() {
            guard plans[next] == nil, !refused.contains(next) else { continue }
            guard let parsed = try load(next) else {
                refused.insert(next)
                continue
            }
            plans[next] = parsed
            queue += parsed.dependsOn
        }
        return (DependencyGraph(servicePlans: plans), plans)
    }
}
