import Foundation
import Locking
import Support

/// How readiness was detected; recorded in evidence because it bounds the timing's resolution.
package enum ReadinessMethod: String, Sendable {
    /// Host-side TCP connects to the published port every 5 ms (the health check is a port check).
    case tcpConnect = "tcp-connect"
    /// One `podman exec` running a 5 ms polling loop inside the container, stamped with the container's clock.
    case inContainerLoop = "in-container-loop"
    /// One `podman exec` per poll: the fallback for images without a shell (resolution ~ one exec).
    case execPoll = "exec-poll"
}

/// The outcome of waiting for a container to become healthy.
package struct HealthWait: Sendable {
    package var healthy: Bool
    /// Seconds from the start of `podman run` until readiness passed.
    package var seconds: Double?
    /// Seconds until liveness passed, when it was observed separately.
    package var livenessSeconds: Double?
    package var method: ReadinessMethod
    /// Which clock timed it ("date +%s%N", "host monotonic"…).
    package var clock: String
    /// Why it is not healthy (empty when healthy).
    package var reason: String
}

/// Waits for liveness then readiness by the cheapest sound probe, never paying a `podman exec` per poll
/// unless the image has no shell.
package struct HealthWaiter {
    package let engine: ContainerEngine
    package let profile: RuntimeProfile

    package init(engine: ContainerEngine, profile: RuntimeProfile) {
        self.engine = engine
        self.profile = profile
    }

    /// The method `wait` will use for this container.
    package func method(for container: ServiceLauncher.Started) -> ReadinessMethod {
        if let port = profile.readiness?.tcpPort, container.hostPorts[port] != nil { return .tcpConnect }
        return .inContainerLoop
    }

    /// Waits until healthy or `timeout` seconds after the container's `podman run` began.
    package func wait(_ container: ServiceLauncher.Started, timeout: Double) throws -> HealthWait {
        guard let readiness = profile.readiness else {
            return HealthWait(
                healthy: false, method: .execPoll, clock: "", reason: "service.yaml declares no health.readiness")
        }
        let deadline = container.start.monotonic + timeout
        switch method(for: container) {
        case .tcpConnect:
            return try waitTCP(container, port: readiness.tcpPort!, deadline: deadline, timeout: timeout)
        case .inContainerLoop, .execPoll:
            return try waitInContainer(container, readiness: readiness, deadline: deadline, timeout: timeout)
        }
    }

    private func waitTCP(_ c: ServiceLauncher.Started, port: Int, deadline: Double, timeout: Double) throws
        -> HealthWait
    {
        let watcher = ExitWatcher(engine: engine, container: c.id)
        defer { watcher.stop() }
        let hostPort = c.hostPorts[port]!
        let endpoint = ProbeAddress.endpoint(c.probeHost, hostPort)
        guard
            let at = TCPProbe.waitUntilOpen(
                host: c.probeHost, port: hostPort, deadline: deadline,
                stop: { watcher.exited != nil })
        else {
            let unresolved = TCPProbe.connect(host: c.probeHost, port: hostPort, timeout: 0.5) == .unresolved
            let probe =
                "TCP connect to \(endpoint) (container port \(port))"
                + (unresolved ? " — \(c.probeHost) has no address (check the engine URL or --probe-host)" : "")
            let why = try explainNotReady(c, timeout: timeout, probe: probe)
            return HealthWait(healthy: false, method: .tcpConnect, clock: "host monotonic", reason: why)
        }
        var wait = HealthWait(
            healthy: true, seconds: at - c.start.monotonic, method: .tcpConnect,
            clock: "host monotonic", reason: "")
        if let liveness = profile.liveness {
            let result = try engine.exec(c.id, liveness.command, timeout: liveness.timeout)
            if !result.succeeded {
                wait.healthy = false
                wait.reason =
                    "port \(port) accepts connections but liveness `\(liveness.command.joined(separator: " "))` failed: \(result.endDescription) \(result.excerpt(limit: 300))"
            }
        }
        return wait
    }

    private func waitInContainer(
        _ c: ServiceLauncher.Started, readiness: RuntimeProfile.Probe, deadline: Double,
        timeout: Double
    ) throws -> HealthWait {
        let script = InContainerScript.waitHealthy(liveness: profile.liveness?.command, readiness: readiness.command)
        let remaining = max(0.5, deadline - HostClock.monotonic())
        let result = try engine.exec(c.id, ["sh", "-c", script], timeout: remaining)
        let returnedAt = HostClock.monotonic()
        if Self.noShell(result) {
            return try pollWithExec(c, readiness: readiness, deadline: deadline, timeout: timeout)
        }
        let lines = result.stdoutText.split(whereSeparator: \.isNewline)
        func stampAfter(_ marker: String) -> (Double, String)? {
            guard let i = lines.firstIndex(of: Substring(marker)), i + 1 < lines.count else { return nil }
            return InContainerScript.seconds(fromStampLine: lines[i + 1], since: c.start)
        }
        guard result.succeeded, lines.contains("ready") else {
            let live =
                lines.contains("live")
                ? "liveness passed; " : (profile.liveness == nil ? "" : "liveness never passed; ")
            let why = try explainNotReady(
                c, timeout: timeout, probe: live + "readiness `\(readiness.command.joined(separator: " "))`")
            return HealthWait(healthy: false, method: .inContainerLoop, clock: "", reason: why)
        }
        let ready = stampAfter("ready")
        return HealthWait(
            healthy: true, seconds: ready?.0 ?? (returnedAt - c.start.monotonic),
            livenessSeconds: stampAfter("live")?.0, method: .inContainerLoop,
            clock: ready?.1 ?? "host monotonic at exec return", reason: "")
    }

    /// Fallback for images without `sh`: one exec per poll, so resolution is one exec (~180 ms).
    private func pollWithExec(
        _ c: ServiceLauncher.Started, readiness: RuntimeProfile.Probe, deadline: Double,
        timeout: Double
    ) throws -> HealthWait {
        var livenessAt: Double?
        for (probe, isLiveness) in [(profile.liveness, true), (readiness, false)] {
            guard let probe else { continue }
            while true {
                let result = try engine.exec(c.id, probe.command, timeout: probe.timeout)
                if result.succeeded { break }
                if HostClock.monotonic() >= deadline {
                    let why = try explainNotReady(
                        c, timeout: timeout,
                        probe: "\(isLiveness ? "liveness" : "readiness") `\(probe.command.joined(separator: " "))`")
                    return HealthWait(healthy: false, method: .execPoll, clock: "", reason: why)
                }
                _ = HostClock.sleep(0.01) { ChildRegistry.shared.isCancelled }
            }
            if isLiveness { livenessAt = HostClock.monotonic() - c.start.monotonic }
        }
        return HealthWait(
            healthy: true, seconds: HostClock.monotonic() - c.start.monotonic, livenessSeconds: livenessAt,
            method: .execPoll, clock: "host monotonic at exec return", reason: "")
    }

    /// A sentence saying why a container is not healthy: exited (with code and log tail) or a probe still failing.
    func explainNotReady(_ c: ServiceLauncher.Started, timeout: Double, probe: String) throws -> String {
        let state = try engine.state(c.id)
        if !state.running {
            let tail = ((try? engine.logs(c.id)) ?? "").split(whereSeparator: \.isNewline).suffix(5).joined(
                separator: " | ")
            return
                "the container exited with code \(state.exitCode)\(state.oomKilled ? " (OOM-killed)" : "") before it was healthy; last log lines: \(tail.isEmpty ? "none" : tail)"
        }
        var why = "not healthy within \(Self.format(timeout)) s: \(probe) still failing"
        if let readiness = profile.readiness,
            let result = try? engine.exec(c.id, readiness.command, timeout: readiness.timeout)
        {
            let out = result.excerpt(limit: 300)
            why += " (last readiness run: \(result.endDescription)\(out.isEmpty ? "" : ", output: \(out)"))"
        }
        return why
    }

    static func noShell(_ result: ProcessResult) -> Bool {
        guard result.exitCode == 126 || result.exitCode == 127 else { return false }
        let text = result.stderrText.lowercased()
        return text.contains("executable file") || text.contains("no such file") || text.contains("not found")
    }

    static func format(_ seconds: Double) -> String { String(format: "%.1f", seconds) }
}

/// Watches a container's state on a background thread so a host-side poll loop can stop early when it exits.
final class ExitWatcher: Sendable {
    private struct State {
        var done = false
        var exitedState: ContainerState?
    }

    private let state = Locked(State())

    init(engine: ContainerEngine, container: String, interval: Double = 0.5) {
        Thread.detachNewThread { [self] in
            while !self.isStopped {
                if let exited = try? engine.state(container), !exited.running {
                    state.withLock { $0.exitedState = exited }
                    return
                }
                _ = HostClock.sleep(interval) { self.isStopped }
            }
        }
    }

    var exited: ContainerState? { state.withLock { $0.exitedState } }
    private var isStopped: Bool { state.withLock { $0.done } }
    func stop() { state.withLock { $0.done = true } }
}
