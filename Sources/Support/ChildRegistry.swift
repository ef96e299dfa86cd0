import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Every child process group this process started and has not reaped, so an interrupt can end them all.
package final class ChildRegistry: Sendable {
    package static let shared = ChildRegistry()

    private struct State {
        var pids: Set<pid_t> = []
        var cancelled = false
        var interrupted = false
        /// The thread `allowCleanup()` was called on: after a cancel only it may start children.
        var cleaner: pthread_t?
        /// Child wall time: seconds during which at least one child ran (overlapping children counted once).
        var busyTotal: Double = 0
        var busySince: Double?
        var startedCount = 0
    }

    private let state = Mutex(State())
    /// Entered for each registered child and left when it is removed, so `cancelAll` waits for the last
    /// one without polling.
    private let running = DispatchGroup()
    private let criticalLock = NSLock()

    /// A registry of its own (tests); the tool uses `shared`.
    init() {}

    /// True once `cancelAll()` ran: no further child is started (until cleanup is allowed).
    package var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Stays true after an interrupt, even once cleanup may spawn again, so a step that saw its child
    /// killed reports an interruption, never an ordinary failure.
    package var wasInterrupted: Bool { state.withLock { $0.interrupted } }

    /// Runs `spawn` under the registry's lock, so `cancelAll` either refuses the child or sees its pid.
    func spawning(command: String, _ spawn: () -> Int32, register: () -> pid_t) throws -> Int32 {
        try state.withLock { state throws(ProcessError) -> Int32 in
            if state.cancelled, !(state.cleaner.map { pthread_equal($0, pthread_self()) != 0 } ?? false) {
                throw ProcessError.cancelled(command: command)
            }
            let rc = spawn()
            if rc == 0 {
                if state.pids.isEmpty { state.busySince = MonotonicClock.now() }
                state.pids.insert(register())
                state.startedCount += 1
                running.enter()
            }
            return rc
        }
    }

    func remove(_ pid: pid_t) {
        let removed = state.withLock { state -> Bool in
            guard state.pids.remove(pid) != nil else { return false }
            if state.pids.isEmpty, let since = state.busySince {
                state.busyTotal += MonotonicClock.now() - since
                state.busySince = nil
            }
            return true
        }
        if removed { running.leave() }
    }

    /// How long this process has waited on children so far: the wall time during which at least one child
    /// ran (overlapping children count once, so it never exceeds elapsed time) and how many were started.
    /// Read it before and after a step; the difference of `seconds` is that step's time in child processes.
    package var childTime: (seconds: Double, started: Int) {
        state.withLock { state in
            (state.busyTotal + (state.busySince.map { MonotonicClock.now() - $0 } ?? 0), state.startedCount)
        }
    }

    /// Refuses new children and sends SIGTERM (then SIGKILL after `grace`) to every running group.
    package func cancelAll(grace: TimeInterval = 2) {
        let running = state.withLock { state in
            state.cancelled = true
            state.interrupted = true
            return state.pids
        }
        for pid in running { kill(-pid, SIGTERM) }
        // DispatchTime is monotonic: a wall-clock step cannot cut the grace short.
        if self.running.wait(timeout: .now() + grace) == .success { return }
        for pid in state.withLock({ $0.pids }) { kill(-pid, SIGKILL) }
    }

    /// Runs `body` (a transition commit) so that an interrupt waits for it to finish instead of exiting
    /// half-way; refuses to start it once interrupted.
    package func critical<T>(_ what: String, _ body: () throws -> T) throws -> T {
        criticalLock.lock()
        defer { criticalLock.unlock() }
        if wasInterrupted { throw ProcessError.cancelled(command: what) }
        return try body()
    }

    /// Blocks until no critical section runs (the interrupt handler calls it before exiting).
    package func waitForCritical() {
        criticalLock.lock()
        criticalLock.unlock()
    }

    /// Lets the calling thread (the interrupt's cleanup) run children again after a cancel. Only that thread:
    /// a gate worker still running when the interrupt came must stay refused, or a `podman run` it starts
    /// after the cleanup listed the run's containers would leave one behind.
    package func allowCleanup() { state.withLock { $0.cleaner = pthread_self() } }
}
