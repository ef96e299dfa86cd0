import Foundation

/// restart-recovery: `podman restart` of a healthy container, timed until it is healthy again by the same
/// probe as startup-time; judged against option `max` (default 2× targets.startup, 30 s without one).
struct RestartRecoveryValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        if let missing = try input.requireImage() { return missing }
        let timeout = try input.startTimeout()
        let limit = try input.options.seconds("max") ?? input.profile.defaultStartTimeout
        let grace = max(1, Int((try input.options.seconds("grace") ?? 10).rounded()))
        return try input.launcher.withContainer(purpose: "restart") { c in
            let first = try input.waiter.wait(c, timeout: timeout)
            guard first.healthy else {
                return .fail("the service never became healthy before the restart: \(first.reason)")
            }
            let restartAt = HostInstant.now()
            try input.engine.restart(c.id, timeout: grace)
            let restartSeconds = HostClock.monotonic() - restartAt.monotonic
            var again = ServiceLauncher.Started(
                id: c.id, name: c.name, start: restartAt, runSeconds: restartSeconds,
                hostPorts: c.hostPorts, udpHostPorts: c.udpHostPorts)
            again.probeHost = c.probeHost
            let wait = try input.waiter.wait(again, timeout: max(limit, timeout) + Double(grace))
            var metrics: [String: MetricValue] = [
                "restart_command_s": .number(restartSeconds), "method": .text(wait.method.rawValue),
                "max_s": .number(limit),
            ]
            guard wait.healthy, let seconds = wait.seconds else {
                return .fail("not healthy again after `podman restart`: \(wait.reason)", metrics: metrics)
            }
            metrics["recovery_s"] = .number(seconds)
            let figure =
                "healthy again \(RuntimeFormat.seconds(seconds)) after `podman restart` (of which the restart command took \(RuntimeFormat.seconds(restartSeconds)); limit \(RuntimeFormat.seconds(limit)))"
            return seconds <= limit
                ? .pass(figure, metrics: metrics) : .fail("recovery too slow: \(figure)", metrics: metrics)
        }
    }
}
