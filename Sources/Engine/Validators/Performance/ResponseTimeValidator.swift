import Foundation

/// response-time: at least 20 probes (option `probes`, default 50) against a healthy container; p50/p95
/// against targets.response, judged on option `judge` (default p95), paced by option `gap` (default 10 ms).
///
/// Without a `load:` command (and without option `command`) every probe is a real request to a declared port
/// from the host side of its published port (option `port`, e.g. `53/udp`; default the first declared tcp port,
/// else the first udp port): what that port speaks when it is well known (DNS, HTTP, a greeting), the gate's
/// `request:` text, or at least a completed TCP connect — never the readiness command, which may not touch the
/// service at all (`test -f`). A plan with `load:`, or option `command`, times that command (default the
/// readiness command) back to back in ONE `podman exec`, with the container's clock, as before.
struct ResponseTimeValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        guard let target = input.profile.targets.responseSeconds else {
            return .fail("service.yaml declares no targets.response (e.g. `response: 100ms`)")
        }
        guard let readiness = input.profile.readiness else {
            return .fail("service.yaml declares no health.readiness, so the service cannot be waited for")
        }
        let explicit = try input.options.strings("command")
        var request: (port: RuntimeProfile.Port, probe: RequestProbe)?
        if input.profile.loadCommand == nil && explicit == nil {
            switch try Self.requestProbe(input) {
            case .success(let chosen): request = chosen
            case .failure(let failure): return failure.outcome
            }
        }
        if let missing = try input.requireImage() { return missing }
        let count = max(20, try input.options.int("probes") ?? 50)
        let judge = try Judge(input.options.text("judge") ?? "p95", key: "judge")
        let command = explicit ?? readiness.command
        let timeout = try input.startTimeout()
        return try input.launcher.withContainer(purpose: "response") { c in
            let wait = try input.waiter.wait(c, timeout: timeout)
            guard wait.healthy else {
                return .fail("the service never became healthy, so nothing was probed: \(wait.reason)")
            }
            input.progress.update("  \(input.id): \(count) probes")
            let (durations, failures, method, output): ([Double], Int, String, String)
            if let request {
                (durations, failures, method, output) = try probeRequests(
                    input, c, port: request.port, probe: request.probe,
                    count: count, perProbe: readiness.timeout)
            } else {
                (durations, failures, method) = try probe(
                    input, c, command: command, port: readiness.tcpPort, count: count,
                    perProbe: readiness.timeout)
                output = ""
            }
            var metrics: [String: MetricValue] = [
                "probes": .number(Double(count)), "failures": .number(Double(failures)), "method": .text(method),
                "target_ms": .number(target * 1000), "durations_ms": .list(durations.map { $0 * 1000 }),
            ]
            let p50 = Statistics.median(durations) ?? .infinity
            let p95 = Statistics.percentile(durations, 95) ?? .infinity
            metrics["p50_ms"] = .number(p50 * 1000)
            metrics["p95_ms"] = .number(p95 * 1000)
            metrics["max_ms"] = .number((durations.max() ?? 0) * 1000)
            let figures =
                "p50 \(RuntimeFormat.ms(p50)), p95 \(RuntimeFormat.ms(p95)) over \(count) probes by \(method) (target < \(RuntimeFormat.ms(target)))"
            guard failures == 0 else {
                let first = output.isEmpty ? "" : " (first: \(output.split(separator: "\n").first ?? ""))"
                return .fail("\(failures)/\(count) probes failed\(first); \(figures)", metrics: metrics, output: output)
            }
            let judged = judge.value(durations) ?? .infinity
            return judged <= target
                ? .pass(figures, metrics: metrics)
                : .fail(
                    "response \(judge.rawValue) \(RuntimeFormat.ms(judged)) is over the target: \(figures)",
                    metrics: metrics)
        }
    }

    /// The declared port to send requests to and what to send; a failing outcome when there is none.
    static func requestProbe(_ input: RuntimeInput) throws -> Result<
        (port: RuntimeProfile.Port, probe: RequestProbe), LoadFailure
    > {
        let ports = input.profile.ports
        let port: RuntimeProfile.Port
        let option = input.options.values["port"]
        let chosen: String? = try option.map { value in
            if case .number(let n) = value { return String(Int(n)) }
            return try input.options.text("port") ?? ""
        }
        if let chosen {
            guard let parsed = RuntimeProfile.Port(spec: chosen), ports.contains(parsed) else {
                return .failure(
                    LoadFailure(
                        outcome: .fail(
                            "option port `\(chosen)` is not a port service.yaml declares (\(ports.map { "\($0.number)/\($0.proto)" }.joined(separator: ", ")))"
                        )))
            }
            port = parsed
        } else if let first = ports.first(where: { $0.proto == "tcp" }) ?? ports.first(where: { $0.proto == "udp" }) {
            port = first
        } else {
            return .failure(
                LoadFailure(
                    outcome: .fail(
                        "service.yaml declares no tcp or udp port, so no request can be timed; declare `ports:` or a `load:` command"
                    )))
        }
        guard
            let probe = RequestProbe.forPort(port.number, proto: port.proto, request: try input.options.text("request"))
        else {
            return .failure(
                LoadFailure(
                    outcome: .fail(
                        "\(port.number)/udp speaks no protocol podserve-gate knows: give the gate's response-time `with: {request: \"…\"}` (the datagram to send) or a `load:` command"
                    )))
        }
        return .success((port, probe))
    }

    /// `count` real requests from the host to the published side of `port`; failures keep their reasons.
    private func probeRequests(
        _ input: RuntimeInput, _ c: ServiceLauncher.Started, port: RuntimeProfile.Port,
        probe: RequestProbe, count: Int, perProbe: Double
    ) throws -> ([Double], Int, String, String) {
        let gap = try input.options.seconds("gap") ?? 0.01
        let published = port.proto == "udp" ? c.udpHostPorts[port.number] : c.hostPorts[port.number]
        guard let hostPort = published else {
            throw ContainerError.unexpectedOutput(
                command: "podman run -p", detail: "\(port.number)/\(port.proto) was not published")
        }
        var durations: [Double] = []
        var reasons: [String] = []
        for i in 0..<count {
            if input.isCancelled { throw input.cancellation }
            if i > 0 { usleep(useconds_t(gap * 1e6)) }
            switch probe.send(host: c.probeHost, port: hostPort, timeout: perProbe) {
            case .success(let seconds): durations.append(seconds)
            case .failure(let failure): reasons.append("probe \(i + 1): \(failure.reason)")
            }
        }
        let method = "\(probe.name) to \(port.number)/\(port.proto) via \(ProbeAddress.endpoint(c.probeHost, hostPort))"
        return (durations, reasons.count, method, reasons.prefix(20).joined(separator: "\n"))
    }

    private func probe(
        _ input: RuntimeInput, _ c: ServiceLauncher.Started, command: [String], port: Int?, count: Int,
        perProbe: Double
    ) throws -> ([Double], Int, String) {
        let gap = try input.options.seconds("gap") ?? 0.01
        if let port, let hostPort = c.hostPorts[port] {
            var durations: [Double] = []
            var failures = 0
            for i in 0..<count {
                // Paced like separate clients, not a burst that overflows a small accept backlog (1 s SYN retry).
                if i > 0 { usleep(useconds_t(gap * 1e6)) }
                let t0 = HostClock.monotonic()
                if TCPProbe.connect(host: c.probeHost, port: hostPort, timeout: perProbe) == .connected {
                    durations.append(HostClock.monotonic() - t0)
                } else {
                    failures += 1
                }
            }
            return (durations, failures, "tcp-connect to \(ProbeAddress.endpoint(c.probeHost, hostPort))")
        }
        let timing = try ProbeTimer(engine: input.engine).time(
            c.id, command: command, count: count, perProbeTimeout: perProbe,
            calibrate: true)
        let failures = timing.exitCodes.filter { $0 != 0 }.count + max(0, count - timing.exitCodes.count)
        let method =
            "in-container `\(command.joined(separator: " "))` (\(timing.clock), stamp cost \(RuntimeFormat.ms(timing.overhead)) subtracted)"
        return (timing.durations, failures, method)
    }
}
