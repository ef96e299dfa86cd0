import Foundation
import Support

/// soak: memory sampled over targets.soak (default 1 h; option `duration` shortens or lengthens it) every
/// option `interval` (default window/60, between 1 s and 60 s). Fails on sustained growth: the least-squares
/// slope is over option `max_growth` per hour (default 10 % of targets.memory, else 10MB) AND the fitted
/// growth over the window is over option `noise` (default 1MB), so jitter in a short window is not a leak.
/// An interrupted soak records how far it got (in the run's scratchpad and on stderr) before rethrowing.
struct SoakValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        if let missing = try input.requireImage() { return missing }
        let window = try input.options.seconds("duration") ?? input.profile.targets.soakSeconds ?? 3600
        let interval = try input.options.seconds("interval") ?? min(60, max(1, window / 60))
        let maxGrowth = Double(
            try input.options.bytes("max_growth")
                ?? input.profile.targets.memoryBytes.map { $0 / 10 } ?? 10_000_000)
        let noise = Double(try input.options.bytes("noise") ?? 1_000_000)
        let timeout = try input.startTimeout()
        return try input.launcher.withContainer(purpose: "soak") { c in
            let wait = try input.waiter.wait(c, timeout: timeout)
            guard wait.healthy else {
                return .fail("the service never became healthy, so the soak did not start: \(wait.reason)")
            }
            var sampler = Sampler(window: window)
            let start = HostClock.monotonic()
            while true {
                let elapsed = HostClock.monotonic() - start
                if input.isCancelled { throw interrupted(input, sampler, planned: window) }
                let state = try input.engine.state(c.id)
                guard state.running else {
                    return .fail(
                        "the container exited with code \(state.exitCode)\(state.oomKilled ? " (OOM-killed)" : "") after \(RuntimeFormat.seconds(elapsed)) of the soak",
                        metrics: sampler.metrics(planned: window, maxGrowth: maxGrowth))
                }
                do { sampler.add(at: elapsed, bytes: Double(try input.engine.memoryBytes(c.id))) } catch let e
                    as ProcessError
                {
                    if case .cancelled = e { throw interrupted(input, sampler, planned: window) }
                    throw e
                }
                input.progress.update("  \(input.id): \(sampler.progressLine(planned: window))")
                if elapsed >= window { break }
                guard HostClock.sleep(min(interval, window - elapsed), cancelled: { input.isCancelled }) else {
                    throw interrupted(input, sampler, planned: window)
                }
            }
            let metrics = sampler.metrics(planned: window, maxGrowth: maxGrowth)
            let slope = sampler.slopePerHour ?? 0
            let growth = slope / 3600 * window
            let figure =
                "\(sampler.count) samples over \(RuntimeFormat.seconds(window)): \(RuntimeFormat.bytes(sampler.first)) → \(RuntimeFormat.bytes(sampler.last)), slope \(RuntimeFormat.bytes(slope))/h (limit \(RuntimeFormat.bytes(maxGrowth))/h)"
            if slope > maxGrowth && growth > noise {
                return .fail("memory grows steadily, a leak: \(figure)", metrics: metrics)
            }
            return .pass("no sustained memory growth: \(figure)", metrics: metrics)
        }
    }

    /// Records the partial soak so the interrupted run can say how far it got, then returns the error to throw.
    private func interrupted(_ input: RuntimeInput, _ sampler: Sampler, planned: Double) -> ProcessError {
        let message =
            "soak interrupted after \(RuntimeFormat.seconds(sampler.lastAt)) of \(RuntimeFormat.seconds(planned)) (\(sampler.count) samples, last \(RuntimeFormat.bytes(sampler.last)))"
        input.progress.step("  \(input.id): \(message)")
        input.scratchpad.record(
            ValidatorRecord(
                id: input.id, kind: .validator(.soak), status: .fail, attempts: 1, passes: 0,
                durationMs: sampler.lastAt * 1000,
                message: message,
                metrics: sampler.metrics(planned: planned, maxGrowth: 0).merging(["interrupted": .number(1)]) { $1 },
                output: ""))
        return input.cancellation
    }
}

/// Memory samples of a soak and the figures drawn from them.
struct Sampler {
    let window: Double
    private(set) var times: [Double] = []
    private(set) var bytes: [Double] = []

    mutating func add(at t: Double, bytes b: Double) { times.append(t); bytes.append(b) }
    var count: Int { bytes.count }
    var first: Double { bytes.first ?? 0 }
    var last: Double { bytes.last ?? 0 }
    var lastAt: Double { times.last ?? 0 }
    /// Bytes per hour.
    var slopePerHour: Double? { Statistics.slope(x: times, y: bytes).map { $0 * 3600 } }

    func progressLine(planned: Double) -> String {
        let slope = slopePerHour.map { ", slope \(RuntimeFormat.bytes($0))/h" } ?? ""
        return
            "soak \(RuntimeFormat.seconds(lastAt)) / \(RuntimeFormat.seconds(planned)), \(RuntimeFormat.bytes(last))\(slope)"
    }

    func metrics(planned: Double, maxGrowth: Double) -> [String: MetricValue] {
        var m: [String: MetricValue] = [
            "samples_bytes": .list(bytes), "sample_seconds": .list(times), "duration_s": .number(lastAt),
            "planned_s": .number(planned), "start_bytes": .number(first), "end_bytes": .number(last),
            "peak_bytes": .number(bytes.max() ?? 0),
        ]
        if let s = slopePerHour { m["slope_bytes_per_hour"] = .number(s) }
        if maxGrowth > 0 { m["max_growth_bytes_per_hour"] = .number(maxGrowth) }
        return m
    }
}
