import Foundation
import Synchronization

/// The child-process time of one gate run, kept by the runner that starts its children: under `--jobs` each worker
/// has its own account, so one service's evidence never counts another service's podman time (the process-wide
/// `ChildRegistry.childTime` would). Wall time during which at least one of this account's children ran
/// (overlapping children count once, so it never exceeds elapsed time), children started, and their CPU time as
/// `wait4` reports it for each child (with the descendants it reaped, such as a script's own commands).
package final class ChildTimeAccount: Sendable {
    /// One reading; subtract two to get a step's share.
    package struct Reading: Sendable, Equatable {
        package var seconds: Double
        package var started: Int
        package var cpuSeconds: Double
    }

    private struct State {
        var running = 0
        var busyTotal: Double = 0
        var busySince: Double?
        var startedCount = 0
        var cpuTotal: Double = 0
    }

    private let state = Mutex(State())

    package init() {}

    /// A child of this account started.
    func began() {
        state.withLock { state in
            if state.running == 0 { state.busySince = MonotonicClock.now() }
            state.running += 1
            state.startedCount += 1
        }
    }

    /// A child of this account was reaped, having used `cpuSeconds` (user + system, from wait4).
    func ended(cpuSeconds: Double) {
        state.withLock { state in
            state.cpuTotal += cpuSeconds
            state.running = max(0, state.running - 1)
            if state.running == 0, let since = state.busySince {
                state.busyTotal += MonotonicClock.now() - since
                state.busySince = nil
            }
        }
    }

    /// The totals so far (a running child's wall time counts up to now; its CPU time once it is reaped).
    package var reading: Reading {
        state.withLock { state in
            Reading(
                seconds: state.busyTotal + (state.busySince.map { MonotonicClock.now() - $0 } ?? 0),
                started: state.startedCount, cpuSeconds: state.cpuTotal)
        }
    }
}
