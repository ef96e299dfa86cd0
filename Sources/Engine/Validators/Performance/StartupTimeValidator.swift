import Foundation

/// startup-time: N fresh starts (option `runs`, default 5), each timed from `podman run` to readiness by
/// the cheapest sound probe (see `HealthWaiter`); min/median/p95/max against targets.startup, judged on the
/// statistic named by option `judge` (median, p95 — the default — or max).
struct StartupTimeValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        if let missing = try input.requireImage() { return missing }
        let runs = max(1, try input.options.int("runs") ?? 5)
        let timeout = try input.startTimeout()
        let judge = try Judge(input.options.text("judge") ?? "p95", key: "judge")
        var times: [Double] = []
        var failures: [String] = []
        var method = ""
        var clock = ""
        for k in 1...runs {
            let soFar = Statistics.median(times).map { ", median so far \(RuntimeFormat.seconds($0))" } ?? ""
            input.progress.update("  \(input.id): run \(k)/\(runs)\(soFar)")
            let wait = try input.launcher.withContainer(purpose: "startup\(k)") { c in
                try input.waiter.wait(c, timeout: timeout)
            }
            method = wait.method.rawValue
            if let seconds = wait.seconds, wait.healthy {
                times.append(seconds)
                clock = wait.clock
            } else {
                failures.append("run \(k): \(wait.reason)")
            }
        }
        var metrics: [String: MetricValue] = [
            "runs": .number(Double(runs)), "runs_s": .list(times), "method": .text(method), "clock": .text(clock),
        ]
        let stats = Judge.all.compactMap { j in j.value(times).map { (j, $0) } }
        for (j, v) in stats { metrics["startup_\(j.rawValue)_s"] = .number(v) }
        if let t = input.profile.targets.startupSeconds { metrics["target_s"] = .number(t) }
        let figures = stats.map { "\($0.0.rawValue) \(RuntimeFormat.seconds($0.1))" }.joined(separator: ", ")
        guard failures.isEmpty else {
            return .fail(
                "\(failures.count)/\(runs) runs never became ready: \(failures[0])", metrics: metrics,
                output: failures.joined(separator: "\n"))
        }
        guard let target = input.profile.targets.startupSeconds else {
            return .fail(
                "service.yaml declares no targets.startup; measured \(figures) (readiness by \(method))",
                metrics: metrics)
        }
        let judged = judge.value(times) ?? .infinity
        let verdict = "\(figures) by \(method) (target < \(RuntimeFormat.seconds(target)), judged on \(judge.rawValue))"
        return judged <= target
            ? .pass("startup \(verdict)", metrics: metrics)
            : .fail(
                "startup \(judge.rawValue) \(RuntimeFormat.seconds(judged)) is over the target: \(verdict)",
                metrics: metrics)
    }
}

/// Which statistic of a sample a timing validator judges against its target.
enum Judge: String, CaseIterable {
    case min, median, p50, p95, max
    static let all: [Judge] = [.min, .median, .p95, .max]

    init(_ text: String, key: String) throws {
        guard let j = Judge(rawValue: text.lowercased()) else {
            throw RuntimeOptionError(key: key, value: .string(text), expected: "one of min, median, p50, p95, max")
        }
        self = j
    }

    func value(_ xs: [Double]) -> Double? {
        switch self {
        case .min: return xs.min()
        case .median, .p50: return Statistics.median(xs)
        case .p95: return Statistics.percentile(xs, 95)
        case .max: return xs.max()
        }
    }
}
