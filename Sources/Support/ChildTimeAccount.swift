import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The child-process time of one gate run, kept by the runner that starts its children: under `--jobs` each worker
/// has its own account, so one service's evidence never counts another service's podman time (the process-wide
/// `ChildRegistry.childTime` would). Wall time during which at least one of this account's children ran
/// (overlapping children count once, so it never exceeds elapsed time), children started, and their CPU time as
/// `wait4` reports it for each child (with the descendants it reaped, such as a script's own commands).
public final class ChildTimeAccount: @unchecked Sendable {
    /// One reading; subtract two to get a step's share.
    public struct Reading: Sendable, Equatable {
        public var seconds: Double
        public var started: Int
        public var cpuSeconds: Double
    }

    private let lock = NSLock()
    private var running = 0
    private var busyTotal: Double = 0
    private var busySince: Double?
    private var startedCount = 0
    private var cpuTotal: Double = 0

    public init() {}

    /// A child of this account started.
    func began() {
        lock.lock(); defer { lock.unlock() }
        if running == 0 { busySince = Self.monotonic() }
        running += 1
        startedCount += 1
    }

    /// A child of this account was reaped, having used `cpuSeconds` (user + system, from wait4).
    func ended(cpuSeconds: Double) {
        lock.lock(); defer { lock.unlock() }
        cpuTotal += cpuSeconds
        running = max(0, running - 1)
        if running == 0, let since = busySince {
            busyTotal += Self.monotonic() - since
            busySince = nil
        }
    }

    /// The totals so far (a running child's wall time counts up to now; its CPU time once it is reaped).
    public var reading: Reading {
        lock.lock(); defer { lock.unlock() }
        return Reading(seconds: busyTotal + (busySince.map { Self.monotonic() - $0 } ?? 0), started: startedCount,
                       cpuSeconds: cpuTotal)
    }

    private static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
