import Foundation

/// health-checks: once the service is up, liveness and readiness each pass within their own timeout,
/// timed inside the container (so `podman exec`'s own start-up cost does not count against the check).
struct HealthChecksValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        let declared = [("liveness", input.profile.liveness), ("readiness", input.profile.readiness)]
        let undeclared = declared.filter { $0.1 == nil }.map { "health.\($0.0)" }
        guard undeclared.isEmpty else {
            return .fail(
                "service.yaml declares no \(undeclared.joined(separator: " or ")): add a command with a timeout")
        }
        if let missing = try input.requireImage() { return missing }
        let timeout = try input.startTimeout()
        return try input.launcher.withContainer(purpose: "health") { c in
            let wait = try input.waiter.wait(c, timeout: timeout)
            guard wait.healthy else { return .fail("the service never became healthy: \(wait.reason)") }
            var metrics: [String: MetricValue] = ["ready_seconds": .number(wait.seconds ?? 0)]
            var problems: [String] = []
            for case let (name, probe?) in declared {
                let timing = try ProbeTimer(engine: input.engine).time(
                    c.id, command: probe.command, count: 1,
                    perProbeTimeout: probe.timeout, calibrate: false)
                let seconds = timing.durations.first ?? .infinity
                let code = timing.exitCodes.first ?? -1
                metrics["\(name)_seconds"] = .number(seconds.isFinite ? seconds : -1)
                metrics["\(name)_exit_code"] = .number(Double(code))
                let shown = "`\(probe.command.joined(separator: " "))`"
                if code != 0 {
                    // Run it once more, plainly, to show what it says.
                    let again = try? input.engine.exec(c.id, probe.command, timeout: probe.timeout + 5)
                    let said = again?.excerpt(limit: 300) ?? ""
                    problems.append("\(name) \(shown) failed with exit \(code)\(said.isEmpty ? "" : ": \(said)")")
                } else if seconds > probe.timeout {
                    problems.append(
                        "\(name) \(shown) took \(RuntimeFormat.seconds(seconds)), over its timeout \(RuntimeFormat.seconds(probe.timeout))"
                    )
                }
            }
            guard problems.isEmpty else { return .fail(problems.joined(separator: "; "), metrics: metrics) }
            let live = metrics["liveness_seconds"]?.number ?? 0
            let ready = metrics["readiness_seconds"]?.number ?? 0
            return .pass(
                "liveness passed in \(RuntimeFormat.ms(live)), readiness in \(RuntimeFormat.ms(ready)) (within \(RuntimeFormat.seconds(input.profile.liveness!.timeout)) / \(RuntimeFormat.seconds(input.profile.readiness!.timeout)))",
                metrics: metrics)
        }
    }
}
