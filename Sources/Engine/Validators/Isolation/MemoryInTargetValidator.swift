import Foundation

/// memory-in-target: memory right after startup (healthy, then option `settle`, default 2 s) is under
/// targets.memory. Phase 3's `memory` validator measures again after a longer settle window.
struct MemoryInTargetValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        try MemoryMeasurement(defaultSettle: 2, defaultSamples: 1).evaluate(input)
    }
}

/// Starts the service, waits until healthy and `settle` more seconds, samples `podman stats` and judges
/// the largest sample against targets.memory.
struct MemoryMeasurement {
    let defaultSettle: Double
    let defaultSamples: Int

    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        guard let target = input.profile.targets.memoryBytes else {
            return .fail(
                "service.yaml declares no targets.memory (e.g. `memory: 100MB`), so there is nothing to judge against")
        }
        if let missing = try input.requireImage() { return missing }
        let settle = try input.options.seconds("settle") ?? defaultSettle
        let count = max(1, try input.options.int("samples") ?? defaultSamples)
        let timeout = try input.startTimeout()
        return try input.launcher.withContainer(purpose: "memory") { c in
            let wait = try input.waiter.wait(c, timeout: timeout)
            guard wait.healthy else {
                return .fail("the service never became healthy, so memory was not measured: \(wait.reason)")
            }
            input.progress.update("  \(input.id): settling \(RuntimeFormat.seconds(settle))")
            guard HostClock.sleep(settle, cancelled: { input.isCancelled }) else { throw input.cancellation }
            var samples: [Double] = []
            for i in 0..<count {
                if i > 0 { _ = HostClock.sleep(1) { input.isCancelled } }
                samples.append(Double(try input.engine.memoryBytes(c.id)))
            }
            let peak = samples.max() ?? 0
            let metrics: [String: MetricValue] = [
                "memory_bytes": .number(peak), "memory_mb": .number(peak / 1e6),
                "target_bytes": .number(Double(target)),
                "samples_bytes": .list(samples), "settle_s": .number(settle),
            ]
            let figure =
                "\(RuntimeFormat.bytes(peak)) after \(RuntimeFormat.seconds(settle)) settle (target < \(RuntimeFormat.bytes(target)))"
            return peak <= Double(target)
                ? .pass(figure, metrics: metrics)
                : .fail("memory over target: \(figure)", metrics: metrics)
        }
    }
}
