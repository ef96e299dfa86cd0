import Foundation

/// Services and the services each depends on, for existence, cycle and start-order questions.
package struct DependencyGraph: Equatable, Sendable {
    /// Each service's declared dependencies, in the order written.
    package let edges: [ServiceName: [ServiceName]]

    package init(plans: [ServiceName: [ServiceName]]) { self.edges = plans }

    /// Same as `init(plans:)`, for callers holding an edge map.
    package init(_ edges: [ServiceName: [ServiceName]]) { self.edges = edges }

    /// Every service of the graph, sorted.
    package var services: [ServiceName] { edges.keys.sorted() }

    /// Dependencies of `service` that are no service of the graph.
    package func missing(for service: ServiceName) -> [ServiceName] {
        (edges[service] ?? []).filter { edges[$0] == nil }
    }

    /// Services that list `service` in their dependencies, sorted.
    package func dependents(of service: ServiceName) -> [ServiceName] {
        edges.filter { $0.value.contains(service) }.map(\.key).sorted()
    }

    /// A dependency cycle as a closed path (`[a, b, c, a]`), or nil; deterministic (services visited sorted).
    package func cycle() -> [ServiceName]? {
        var finished: Set<ServiceName> = []
        for start in services {
            if let found = cycle(from: start, finished: &finished) { return found }
        }
        return nil
    }

    /// A cycle that passes through `service`, or nil; what a service's own gate reports.
    package func cycle(through service: ServiceName) -> [ServiceName]? {
        var path: [ServiceName] = [service]
        var seen: Set<ServiceName> = [service]
        func walk(_ node: ServiceName) -> [ServiceName]? {
            for next in edges[node] ?? [] {
                if next == service { return path + [service] }
                guard edges[next] != nil, !seen.contains(next) else { continue }
                seen.insert(next)
                path.append(next)
                if let found = walk(next) { return found }
                path.removeLast()
            }
            return nil
        }
        return walk(service)
    }

    /// Dependencies before dependents (ties sorted by name); a cycle is thrown, named as a path.
    /// Dependencies missing from the graph are left out: `missing(for:)` reports them.
    package func topologicalOrder() throws -> [ServiceName] {
        if let cycle = cycle() { throw DependencyError.cycle(cycle) }
        var order: [ServiceName] = []
        var placed: Set<ServiceName> = []
        func place(_ node: ServiceName) {
            guard !placed.contains(node), edges[node] != nil else { return }
            placed.insert(node)
            for dependency in (edges[node] ?? []).sorted() { place(dependency) }
            order.append(node)
        }
        for service in services { place(service) }
        return order
    }

    /// Depth-first search from `start` that returns the first back edge as a closed path.
    private func cycle(from start: ServiceName, finished: inout Set<ServiceName>) -> [ServiceName]? {
        var stack: [ServiceName] = []
        var onStack: Set<ServiceName> = []
        func visit(_ node: ServiceName, _ finished: inout Set<ServiceName>) -> [ServiceName]? {
            if finished.contains(node) { return nil }
            if onStack.contains(node), let index = stack.firstIndex(of: node) {
                return Array(stack[index...]) + [node]
            }
            guard edges[node] != nil else { return nil }
            stack.append(node)
            onStack.insert(node)
            for next in edges[node] ?? [] {
                if let found = visit(next, &finished) { return found }
            }
            stack.removeLast()
            onStack.remove(node)
            finished.insert(node)
            return nil
        }
        return visit(start, &finished)
    }
}

/// Why services cannot be put in a start order.
package enum DependencyError: Error, Equatable, LocalizedError {
    /// The services depend on each other in a loop, given as a closed path.
    case cycle([ServiceName])

    package var errorDescription: String? {
        switch self {
        case .cycle(let path):
            return
                "dependency cycle: \(path.joined(separator: " -> ")); remove one of these depends_on entries in services/<name>/service.yaml"
        }
    }
}
