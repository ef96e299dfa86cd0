import Foundation

/// sigterm: `podman stop -t <grace>` (option `grace`, default 10 s) ends a healthy container by itself:
/// not killed (exit 137) and within the grace period. A PID 1 without a TERM handler takes the whole grace
/// and exits 137; a handler exits at once.
struct SigtermValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        if let missing = try input.requireImage() { return missing }
        let grace = max(1, Int((try input.options.seconds("grace") ?? 10).rounded()))
        let timeout = try input.startTimeout()
        return try input.launcher.withContainer(purpose: "sigterm") { c in
            let wait = try input.waiter.wait(c, timeout: timeout)
            let stop = try input.engine.stop(c.id, timeout: grace)
            let code = stop.exitCode.map { Double($0) } ?? -1
            let metrics: [String: MetricValue] = [
                "stop_seconds": .number(stop.seconds), "exit_code": .number(code),
                "grace_seconds": .number(Double(grace)),
            ]
            let note = wait.healthy ? "" : " (it was not healthy when stopped: \(wait.reason))"
            let took = "`podman stop -t \(grace)` took \(RuntimeFormat.seconds(stop.seconds))"
            if stop.exitCode == 137 {
                return .fail(
                    "\(took) and the container exited 137 (SIGKILL): its PID 1 ignored SIGTERM; add a TERM handler or `exec` the daemon so it receives the signal\(note)",
                    metrics: metrics)
            }
            if stop.seconds >= Double(grace) {
                return .fail(
                    "\(took), not within the \(grace) s grace period (exit \(Int(code)))\(note)", metrics: metrics)
            }
            return .pass("\(took): SIGTERM handled, exit \(Int(code))\(note)", metrics: metrics)
        }
    }
}
