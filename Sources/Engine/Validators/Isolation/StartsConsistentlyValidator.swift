import Foundation

/// starts-consistently: N fresh starts (option `attempts`, default 5), each healthy (liveness, then readiness)
/// within the start timeout (option `start_timeout`, default 2× targets.startup), each removed afterwards.
/// Every attempt's time is recorded, failed ones with the time given up.
struct StartsConsistentlyValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        if let missing = try input.requireImage() { return missing }
        let attempts = max(1, try input.options.int("attempts") ?? 5)
        let timeout = try input.startTimeout()
        var times: [Double] = []
        var failures: [String] = []
        var method = ""
        for k in 1...attempts {
            input.progress.update("  \(input.id): start \(k)/\(attempts), \(failures.count) failed so far")
            let wait = try input.launcher.withContainer(purpose: "start\(k)") { c in
                try input.waiter.wait(c, timeout: timeout)
            }
            method = wait.method.rawValue
            times.append(wait.seconds ?? timeout)
            if !wait.healthy { failures.append("attempt \(k): \(wait.reason)") }
        }
        let metrics: [String: MetricValue] = [
            "attempts": .number(Double(attempts)), "healthy": .number(Double(attempts - failures.count)),
            "attempt_seconds": .list(times), "start_timeout_s": .number(timeout), "method": .text(method),
        ]
        let summary = times.map { RuntimeFormat.seconds($0) }.joined(separator: ", ")
        guard failures.isEmpty else {
            return .fail(
                "\(attempts - failures.count)/\(attempts) starts healthy within \(RuntimeFormat.seconds(timeout)); \(failures[0])",
                metrics: metrics, output: failures.joined(separator: "\n"))
        }
        return .pass(
            "\(attempts)/\(attempts) starts healthy within \(RuntimeFormat.seconds(timeout)) (\(summary))",
            metrics: metrics)
    }
}
