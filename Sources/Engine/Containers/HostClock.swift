import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Host clocks for timing containers: monotonic for durations, wall and boot time to compare with
/// timestamps taken inside a container (same kernel, so the same clocks).
package enum HostClock {
    /// Seconds on CLOCK_MONOTONIC: for host-side durations.
    package static func monotonic() -> Double { read(CLOCK_MONOTONIC) }
    /// Seconds since the epoch with nanosecond resolution (what `date +%s%N` prints inside).
    package static func wall() -> Double { read(CLOCK_REALTIME) }
    /// Seconds on CLOCK_BOOTTIME (what `/proc/uptime` prints inside a container).
    package static func boot() -> Double { read(CLOCK_BOOTTIME) }

    private static func read(_ clock: clockid_t) -> Double {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Sleeps in slices so an interrupt (ChildRegistry cancel) is noticed within ~50 ms; false if cancelled.
    package static func sleep(_ seconds: Double, cancelled: () -> Bool) -> Bool {
        let end = monotonic() + seconds
        while monotonic() < end {
            if cancelled() { return false }
            usleep(useconds_t(min(0.05, max(0.001, end - monotonic())) * 1e6))
        }
        return !cancelled()
    }
}

/// A moment as seen from the host, in the three clocks an in-container stamp may be compared with.
package struct HostInstant: Sendable {
    package let monotonic: Double
    package let wall: Double
    package let boot: Double
    package static func now() -> HostInstant {
        HostInstant(monotonic: HostClock.monotonic(), wall: HostClock.wall(), boot: HostClock.boot())
    }
    init(monotonic: Double, wall: Double, boot: Double) {
        self.monotonic = monotonic
        self.wall = wall
        self.boot = boot
    }
}
