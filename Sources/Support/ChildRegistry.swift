import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every child process group this process started and has not reaped, so an interrupt can end them all.
public final class ChildRegistry: @unchecked Sendable {
    public static let shared = ChildRegistry()
    private let lock = NSLock()
    private var pids: Set<pid_t> = []
    private var cancelled = false
    private var interrupted = false
    /// Child wall time: seconds during which at least one child ran (overlapping children counted once).
    private var busyTotal: Double = 0
    private var busySince: Double?
    private var startedCount = 0

    /// True once `cancelAll()` ran: no further child is started (until cleanup is allowed).
    public var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }

    /// Stays true after an interrupt, even once cleanup may spawn again, so a step that saw its child
    /// killed reports an interruption, never an ordinary failure.
    public var wasInterrupted: Bool { lock.lock(); defer { lock.unlock() }; return interrupted }

    func spawning(command: String, _ spawn: () -> Int32, register: () -> pid_t) throws -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if cancelled { throw ProcessError.cancelled(command: command) }
        let rc = spawn()
        if rc == 0 {
            if pids.isEmpty { busySince = Self.monotonic() }
            pids.insert(register())
            startedCount += 1
        }
        return rc
    }

    func remove(_ pid: pid_t) {
        lock.lock()
        defer { lock.unlock() }
        guard pids.remove(pid) != nil, pids.isEmpty, let since = busySince else { return }
        busyTotal += Self.monotonic() - since
        busySince = nil
    }

    /// How long this process has waited on children so far: the wall time during which at least one child
    /// ran (overlapping children count once, so it never exceeds elapsed time) and how many were started.
    /// Read it before and after a step; the difference of `seconds` is that step's time in child processes.
    public var childTime: (seconds: Double, started: Int) {
        lock.lock(); defer { lock.unlock() }
        return (busyTotal + (busySince.map { Self.monotonic() - $0 } ?? 0), startedCount)
    }

    private static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Refuses new children and sends SIGTERM (then SIGKILL after `grace`) to every running group.
    public func cancelAll(grace: TimeInterval = 2) {
        lock.lock()
        cancelled = true
        interrupted = true
        let running = pids
        lock.unlock()
        for pid in running { kill(-pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            lock.lock(); let left = pids; lock.unlock()
            if left.isEmpty { return }
            usleep(20000)
        }
        lock.lock(); let left = pids; lock.unlock()
        for pid in left { kill(-pid, SIGKILL) }
    }

    private let criticalLock = NSLock()

    /// Runs `body` (a transition commit) so that an interrupt waits for it to finish instead of exiting
    /// half-way; refuses to start it once interrupted.
    public func critical<T>(_ what: String, _ body: () throws -> T) throws -> T {
        criticalLock.lock()
        defer { criticalLock.unlock() }
        if wasInterrupted { throw ProcessError.cancelled(command: what) }
        return try body()
    }

    /// Blocks until no critical section runs (the interrupt handler calls it before exiting).
    public func waitForCritical() {
        criticalLock.lock()
        criticalLock.unlock()
    }

    /// Lets cleanup code run children again after a cancel (used to remove containers on interrupt).
    public func allowCleanup() { lock.lock(); cancelled = false; lock.unlock() }
}
