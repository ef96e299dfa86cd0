import Domain
import Foundation

/// How a combination was formed: the service with one partner, with two, or everything past performance.
package enum CombinationKind: String, Codable, Sendable, CaseIterable {
    case pair, triplet, full
}

/// One pod phase 5 runs: the services it is about and, in start order, every service it needs.
package struct Combination: Equatable, Codable, Sendable {
    package var kind: CombinationKind
    /// The service and its partners (what the combination was formed from), in start order.
    package var focus: [ServiceName]
    /// Every service in the pod — the focus plus what it depends on — in start order.
    package var services: [ServiceName]

    package init(kind: CombinationKind, focus: [ServiceName], services: [ServiceName]) {
        self.kind = kind
        self.focus = focus
        self.services = services
    }

    /// `dns+mail`: the pod's services in start order.
    package var name: String { services.joined(separator: "+") }
    /// `pair dns+mail`: how messages name it.
    package var label: String { "\(kind.rawValue) \(name)" }
}

/// What `plan` prints and phase 5 runs for one service.
package struct CombinationPlan: Equatable, Codable, Sendable {
    package var service: ServiceName
    /// The service and its dependencies, dependencies first.
    package var startOrder: [ServiceName]
    /// Pairs, then triplets, then the full set; each adds a set of services not run before.
    package var combinations: [Combination]
    /// Services the combinations need or could include that are not past performance yet, with their phase.
    package var waiting: [ServiceName: String]
    /// Dependencies of the service that are not past performance: phase 5 cannot run until they are.
    package var blockingDependencies: [ServiceName]
}

/// Forms the combinations of the seed's Phase 5: pairs (the service with each dependency and each dependent
/// that is past performance), triplets (connected three-service sets), then the full set of every service
/// past performance. Each set is closed over dependencies (a pod cannot run a service without what it needs),
/// and a set already formed earlier is not repeated.
package struct CombinationPlanner {
    package let graph: IntegrationGraph
    package let phases: [ServiceName: Phase]

    package init(graph: IntegrationGraph, phases: [ServiceName: Phase]) {
        self.graph = graph
        self.phases = phases
    }

    /// Throws `DependencyError.cycle` when the service's dependencies loop.
    package func plan(for service: ServiceName) throws -> CombinationPlan {
        let startOrder = try graph.startOrder(for: service)
        var waiting: [ServiceName: String] = [:]
        let blocking = startOrder.filter { $0 != service && !isPastPerformance($0) }
        for name in blocking { waiting[name] = phases[name]?.rawValue ?? "unknown" }
        // Others that may join a pod: past performance, with everything they need past performance too.
        var candidates: Set<ServiceName> = []
        for name in graph.services where name != service {
            let needs = graph.closure(of: [name]).subtracting([service])
            if needs.allSatisfy(isPastPerformance) {
                candidates.insert(name)
            } else if graph.dependents(of: service).contains(name) {
                waiting[name] = phases[name]?.rawValue ?? "unknown"
            }
        }
        candidates.formUnion(startOrder.filter { $0 != service })
        let global = (try? graph.startOrder(of: Set(graph.services))) ?? graph.services
        let rank = Dictionary(uniqueKeysWithValues: global.enumerated().map { ($0.element, $0.offset) })
        let ordered = candidates.sorted { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }

        var seen: Set<Set<ServiceName>> = [[service]]
        var combinations: [Combination] = []
        func add(_ kind: CombinationKind, _ focus: Set<ServiceName>) throws {
            let members = graph.closure(of: focus)
            guard !seen.contains(members) else { return }
            seen.insert(members)
            combinations.append(
                Combination(
                    kind: kind, focus: try graph.startOrder(of: focus),
                    services: try graph.startOrder(of: members)))
        }
        let partners = Set(graph.dependencies(of: service)).union(graph.dependents(of: service)).intersection(
            candidates)
        for partner in ordered where partners.contains(partner) { try add(.pair, [service, partner]) }
        for (i, a) in ordered.enumerated() {
            for b in ordered[(i + 1)...] where graph.isConnected([service, a, b]) {
                try add(.triplet, [service, a, b])
            }
        }
        if !candidates.isEmpty { try add(.full, candidates.union([service])) }
        return CombinationPlan(
            service: service, startOrder: startOrder, combinations: combinations, waiting: waiting,
            blockingDependencies: blocking)
    }

    /// In integration-planning or later.
    func isPastPerformance(_ service: ServiceName) -> Bool {
        guard let phase = phases[service] else { return false }
        return phase >= .integrationPlanning
    }
}
