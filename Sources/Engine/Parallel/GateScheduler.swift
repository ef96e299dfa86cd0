import Domain
import Foundation
import Locking
import Support

/// Runs one gate per service on up to `jobs` threads. Services start in the given order, each as soon as a thread
/// is free and every service it waits for (see `waits`) has finished; results come back in the given order, so
/// output stays grouped per service whatever finished first. After an interrupt no further service starts.
package struct GateScheduler {
    package let jobs: Int

    package init(jobs: Int) { self.jobs = max(1, jobs) }

    /// Which services of the run a service must wait for. Gates from integration-planning on read the phases of
    /// the service's dependencies (dependencies past performance, combination pods), so when a dependency is in the
    /// same `advance` run, its gate goes first; earlier gates (planning, isolation, performance) and every `check`
    /// (which changes no phase) depend on nothing another service's gate does in this run.
    package static func waits(services: [ServiceName], workspace: Workspace, advancing: Bool) -> [ServiceName: Set<
        ServiceName
    >] {
        // One service waits for nobody: do not read every plan of a large workspace to find that out.
        guard advancing, services.count > 1 else { return [:] }
        let catalog = Catalog(source: WorkTreeSource(workspace))
        let plans = (try? catalog.allPlans()) ?? [:]
        let phases = (try? catalog.allPhases()) ?? [:]
        let graph = IntegrationGraph(plans: plans)
        let inRun = Set(services)
        var waits: [ServiceName: Set<ServiceName>] = [:]
        for service in services {
            guard let phase = phases[service], phase >= .integrationPlanning else { continue }
            let needed = graph.closure(of: [service]).subtracting([service]).intersection(inRun)
            if !needed.isEmpty { waits[service] = needed }
        }
        return waits
    }

    /// Calls `work(service, worker)` once per service (any item: the CLI schedules names as typed, so one that is
    /// no valid name still gets its own error entry in order); `worker` (0..<jobs) names the thread, so a caller can give each
    /// thread its own repository handle and engine. With one job everything runs on the calling thread, in order.
    package func run<Item: Hashable & Sendable, Result: Sendable>(
        _ services: [Item], waits: [Item: Set<Item>] = [:],
        _ work: @escaping @Sendable (Item, Int) -> Result
    ) -> [Result] {
        let state = SchedulerState<Item, Result>(services: services, waits: waits)
        guard jobs > 1 && services.count > 1 else {
            for (index, service) in services.enumerated() {
                if ChildRegistry.shared.wasInterrupted { break }
                state.finish(index, work(service, 0))
            }
            return state.results
        }
        let group = DispatchGroup()
        for worker in 0..<min(jobs, services.count) {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while let (index, service) = state.next() {
                    state.finish(index, work(service, worker))
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return state.results
    }
}

/// The queue the worker threads share: what is pending, running and done. The state sits in a `Locked` box and
/// changes only while `condition` is held too, so a worker that finds nothing to start can wait for the next
/// change without missing it.
final class SchedulerState<Item: Hashable & Sendable, Result: Sendable>: Sendable {
    private struct State {
        var pending: [Int]
        var running = 0
        var done: Set<Item> = []
        var slots: [Result?]
    }

    private let condition = NSCondition()
    private let services: [Item]
    private let waits: [Item: Set<Item>]
    private let state: Locked<State>

    init(services: [Item], waits: [Item: Set<Item>]) {
        self.services = services
        self.waits = waits
        state = Locked(State(pending: Array(services.indices), slots: Array(repeating: nil, count: services.count)))
    }

    /// The first pending service whose waits are done; blocks while only waiting ones remain and some still run.
    /// nil when nothing is left (or after an interrupt).
    func next() -> (Int, Item)? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            let step = state.withLock { state -> (index: Int?, wait: Bool) in
                if state.pending.isEmpty || ChildRegistry.shared.wasInterrupted { return (nil, false) }
                if let position = state.pending.firstIndex(where: {
                    (waits[services[$0]] ?? []).isSubset(of: state.done)
                }) {
                    state.running += 1
                    return (state.pending.remove(at: position), false)
                }
                // Everything pending waits for something; if nothing runs either, the waits cannot be met (a cycle
                // the gates themselves report): run the next one anyway rather than hang.
                if state.running == 0 {
                    state.running += 1
                    return (state.pending.removeFirst(), false)
                }
                return (nil, true)
            }
            if let index = step.index { return (index, services[index]) }
            if !step.wait { return nil }
            condition.wait()
        }
    }

    func finish(_ index: Int, _ result: Result) {
        condition.lock()
        state.withLock { state in
            state.slots[index] = result
            state.done.insert(services[index])
            state.running = max(0, state.running - 1)
        }
        condition.broadcast()
        condition.unlock()
    }

    /// The results of the services that ran, in the given order.
    var results: [Result] {
        state.withLock { $0.slots.compactMap { $0 } }
    }
}
