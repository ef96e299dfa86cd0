import Foundation

/// response-time: at least 20 probes (option `probes`, default 50) against a healthy container; p50/p95
/// against targets.response, judged on option `judge` (default p95). When readiness is a port check the
/// probe is a host TCP connect to the published port, paced by option `gap` (default 10 ms); otherwise the readiness command (or option `command`)
/// is run back to back in ONE `podman exec` and timed with the container's clock, minus the stamp's own cost.
struct ResponseTimeValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        guard let target = input.profile.targets.responseSeconds else {
            return .fail("service.yaml declares no targets.response (e.g. `response: 100ms`)")
        }
        guard let readiness = input.profile.readiness else {
            return .fail("service.yaml declares no health.readiness, the default response probe")
        }
        if let missing = try input.requireImage() { return missing }
        let count = max(20, try input.options.int("probes") ?? 50)
        let judge = try Judge(input.options.text("judge") ?? "p95", key: "judge")
        let command = try input.options.strings("command") ?? readiness.command
        let timeout = try input.startTimeout()
        return try input.launcher.withContainer(purpose: "response") { c in
            let wait = try input.waiter.wait(c, timeout: timeout)
            guard wait.healthy else { return .fail("the service never became healthy, so nothing was probed: \(wait.reason)") }
            input.progress.update("  \(input.id): \(count) probes")
            let (durations, failures, method) = try probe(input, c, command: command, port: readiness.tcpPort, count: count,
                                                          perProbe: readiness.timeout)
            var metrics: [String: MetricValue] = [
                "probes": .number(Double(count)), "failures": .number(Double(failures)), "method": .text(method),
                "target_ms": .number(target * 1000), "durations_ms": .list(durations.map { $0 * 1000 }),
            ]
            let p50 = Statistics.median(durations) ?? .infinity
            let p95 = Statistics.percentile(durations, 95) ?? .infinity
            metrics["p50_ms"] = .number(p50 * 1000)
            metrics["p95_ms"] = .number(p95 * 1000)
            metrics["max_ms"] = .number((durations.max() ?? 0) * 1000)
            let figures = "p50 \(RuntimeFormat.ms(p50)), p95 \(RuntimeFormat.ms(p95)) over \(count) probes by \(method) (target < \(RuntimeFormat.ms(target)))"
            guard failures == 0 else {
                return .fail("\(failures)/\(count) probes failed; \(figures)", metrics: metrics)
            }
            let judged = judge.value(durations) ?? .infinity
            return judged <= target ? .pass(figures, metrics: metrics)
                : .fail("response \(judge.rawValue) \(RuntimeFormat.ms(judged)) is over the target: \(figures)", metrics: metrics)
        }
    }

    private func probe(_ input: RuntimeInput, _ c: ServiceLauncher.Started, command: [String], port: Int?, count: Int,
                       perProbe: Double) throws -> ([Double], Int, String) {
        let gap = try input.options.seconds("gap") ?? 0.01
        if let port, let hostPort = c.hostPorts[port] {
            var durations: [Double] = []
            var failures = 0
            for i in 0..<count {
                // Paced like separate clients, not a burst that overflows a small accept backlog (1 s SYN retry).
                if i > 0 { usleep(useconds_t(gap * 1e6)) }
                let t0 = HostClock.monotonic()
                if TCPProbe.connect(port: hostPort, timeout: perProbe) == .connected {
                    durations.append(HostClock.monotonic() - t0)
                } else { failures += 1 }
            }
            return (durations, failures, "tcp-connect to 127.0.0.1:\(hostPort)")
        }
        let timing = try ProbeTimer(engine: input.engine).time(c.id, command: command, count: count, perProbeTimeout: perProbe,
                                                               calibrate: true)
        let failures = timing.exitCodes.filter { $0 != 0 }.count + max(0, count - timing.exitCodes.count)
        let method = "in-container `\(command.joined(separator: " "))` (\(timing.clock), stamp cost \(RuntimeFormat.ms(timing.overhead)) subtracted)"
        return (timing.durations, failures, method)
    }
}
