import Foundation
import Locking
import Support

/// throughput: when targets.throughput is set, drives load for a fixed time (option `duration`, default 10 s)
/// and compares requests/s with the target. The load is service.yaml's `load: {command: [...]}` — run on the
/// host in the workspace with PODSERVE_HOST (the engine's probe host), PODSERVE_PORT (first TCP port's host side), PODSERVE_PORTS
/// (`8080=41234,…`), PODSERVE_CONTAINER and PODSERVE_DURATION set, printing `requests=N` or
/// `requests_per_second=X` — or else a built-in loop of TCP connects (option `connections`, default 4 in parallel).
struct ThroughputValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        guard let target = input.profile.targets.throughputPerSecond else {
            return .skip("service.yaml declares no targets.throughput, so throughput is not measured")
        }
        if let missing = try input.requireImage() { return missing }
        let duration = try input.options.seconds("duration") ?? 10
        let timeout = try input.startTimeout()
        guard input.profile.loadCommand != nil || !input.profile.tcpPorts.isEmpty else {
            return .fail(
                "targets.throughput is set but nothing can drive load: declare `load: {command: [...]}` in service.yaml or a TCP port"
            )
        }
        return try input.launcher.withContainer(purpose: "throughput") { c in
            let wait = try input.waiter.wait(c, timeout: timeout)
            guard wait.healthy else {
                return .fail("the service never became healthy, so no load was driven: \(wait.reason)")
            }
            input.progress.update("  \(input.id): load for \(RuntimeFormat.seconds(duration))")
            let measured: Measured
            if let command = input.profile.loadCommand {
                switch try runLoadCommand(command, input: input, container: c, duration: duration) {
                case .success(let m): measured = m
                case .failure(let failure): return failure.outcome
                }
            } else {
                let port = input.profile.tcpPorts[0]
                let hostPort = c.hostPorts[port] ?? 0
                let connections = max(1, try input.options.int("connections") ?? 4)
                let count = ConnectLoad.run(
                    host: c.probeHost, port: hostPort, connections: connections, seconds: duration)
                measured = Measured(
                    perSecond: Double(count) / duration,
                    method:
                        "built-in TCP connect loop on port \(port) via \(ProbeAddress.endpoint(c.probeHost, hostPort)), \(connections) in parallel",
                    output: "")
            }
            let metrics: [String: MetricValue] = [
                "per_second": .number(measured.perSecond), "target_per_second": .number(target),
                "duration_s": .number(duration), "method": .text(measured.method),
            ]
            let figure =
                "\(RuntimeFormat.rate(measured.perSecond)) for \(RuntimeFormat.seconds(duration)) by \(measured.method) (target > \(RuntimeFormat.rate(target)))"
            return measured.perSecond >= target
                ? .pass(figure, metrics: metrics, output: measured.output)
                : .fail("throughput under target: \(figure)", metrics: metrics, output: measured.output)
        }
    }

    struct Measured { var perSecond: Double; var method: String; var output: String }

    private func runLoadCommand(
        _ command: [String], input: RuntimeInput, container c: ServiceLauncher.Started,
        duration: Double
    ) throws -> Result<Measured, LoadFailure> {
        var env = ProcessInfo.processInfo.environment
        env["PODSERVE_HOST"] = c.probeHost
        env["PODSERVE_CONTAINER"] = c.name
        env.merge(input.engine.childEnvironment) { _, engine in engine }
        env["PODSERVE_DURATION"] = String(format: "%g", duration)
        let ports = c.hostPorts.sorted { $0.key < $1.key }
        env["PODSERVE_PORTS"] = ports.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        if let first = ports.first { env["PODSERVE_PORT"] = String(first.value) }
        let spec = ProcessSpec(
            command[0], Array(command.dropFirst()), environment: env,
            workingDirectory: input.workingDirectory, timeout: duration + 60, outputLimit: 64 * 1024)
        let result = try input.runner.run(spec)
        guard result.succeeded else {
            return .failure(
                LoadFailure(
                    outcome: .fail(
                        "load command `\(spec.displayCommand)` failed: \(result.endDescription)",
                        output: result.excerpt())))
        }
        guard let perSecond = Self.parseRate(result.stdoutText, seconds: result.duration) else {
            return .failure(
                LoadFailure(
                    outcome: .fail(
                        "load command `\(spec.displayCommand)` printed no `requests=N` or `requests_per_second=X` line",
                        output: result.excerpt())))
        }
        return .success(
            Measured(perSecond: perSecond, method: "load command `\(spec.displayCommand)`", output: result.excerpt()))
    }

    /// The last `requests_per_second=X`, else the last `requests=N` divided by the command's run time.
    static func parseRate(_ output: String, seconds: Double) -> Double? {
        var rate: Double?
        var requests: Double?
        for line in output.split(whereSeparator: \.isNewline) {
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Double(parts[1].trimmingCharacters(in: .whitespaces)) else { continue }
            if parts[0] == "requests_per_second" { rate = value }
            if parts[0] == "requests" { requests = value }
        }
        return rate ?? requests.map { $0 / max(seconds, 0.001) }
    }
}

/// A failing outcome carried through `Result`.
struct LoadFailure: Error { let outcome: ValidatorOutcome }

/// The built-in load: parallel threads opening and closing TCP connections for a fixed time.
enum ConnectLoad {
    static func run(host: String, port: Int, connections: Int, seconds: Double) -> Int {
        let counter = Locked(0)
        let group = DispatchGroup()
        let end = HostClock.monotonic() + seconds
        for _ in 0..<connections {
            group.enter()
            Thread.detachNewThread {
                var count = 0
                while HostClock.monotonic() < end {
                    if TCPProbe.connect(host: host, port: port, timeout: 1) == .connected { count += 1 }
                }
                counter.withLock { $0 += count }
                group.leave()
            }
        }
        group.wait()
        return counter.value
    }
}
