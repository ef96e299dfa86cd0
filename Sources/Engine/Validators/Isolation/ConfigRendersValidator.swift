import Foundation

/// config-renders: `config.render` exits 0 inside a running service container started with config.env;
/// skipped, with the reason, when service.yaml declares no render command.
struct ConfigRendersValidator: RuntimeCheck {
    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        guard let render = input.profile.render, !render.isEmpty else {
            return .skip("service.yaml declares no config.render command, so there is no rendering to check")
        }
        if let missing = try input.requireImage() { return missing }
        let limit = input.timeout ?? 60
        return try input.launcher.withContainer(purpose: "render") { c in
            let result = try input.engine.exec(c.id, render, timeout: limit)
            let shown = "`\(render.joined(separator: " "))`"
            let envKeys = input.profile.env.keys.sorted().joined(separator: ", ")
            let metrics: [String: MetricValue] = [
                "exit_code": .number(Double(result.exitCode ?? -1)), "seconds": .number(result.duration),
                "env": .text(envKeys),
            ]
            if result.succeeded {
                return .pass(
                    "\(shown) rendered the configuration with config.env (\(envKeys.isEmpty ? "no variables" : envKeys))",
                    metrics: metrics, output: result.excerpt())
            }
            let state = try input.engine.state(c.id)
            let why =
                state.running
                ? result.endDescription
                : "the container exited with code \(state.exitCode) before the render could run"
            return .fail(
                "\(shown) failed in the container (\(why)): \(result.excerpt(limit: 300))",
                metrics: metrics, output: result.excerpt())
        }
    }
}
