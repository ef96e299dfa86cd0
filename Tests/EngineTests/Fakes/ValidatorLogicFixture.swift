import Domain
import Foundation
import Support
import Testing

@testable import Engine

/// Inputs for the runtime validators driven by a `ScriptedEngine`: no podman, no images, milliseconds per test.
enum ValidatorLogic {
    /// A profile whose health checks run inside the container (no host port probes, no sockets).
    static func profile(startup: Double? = 1, memory: UInt64? = 50_000_000, soak: Double? = nil) -> RuntimeProfile {
        RuntimeProfile(
            service: "fake", image: "localhost/fake:latest",
            liveness: .init(command: ["test", "-f", "/tmp/live"], timeout: 2),
            readiness: .init(command: ["test", "-f", "/tmp/ready"], timeout: 2),
            targets: .init(startupSeconds: startup, memoryBytes: memory, soakSeconds: soak))
    }

    static func input(
        _ kind: String, _ engine: ScriptedEngine, profile: RuntimeProfile = profile(),
        options: [String: OptionValue] = [:], scratchpad: RunScratchpad = RunScratchpad(),
        interrupted: @escaping () -> Bool = { false }
    ) -> RuntimeInput {
        var input = RuntimeInput(
            id: kind, profile: profile, options: RuntimeOptions(options), engine: engine,
            scratchpad: scratchpad)
        input.interrupted = interrupted
        return input
    }

    /// Runs one runtime validator kind against the scripted engine.
    static func run(
        _ kind: String, _ engine: ScriptedEngine, profile: RuntimeProfile = profile(),
        options: [String: OptionValue] = [:]
    ) throws -> ValidatorOutcome {
        let check = try #require(RuntimeValidators.checks[kind], "no runtime validator of kind \(kind)")
        return try check.evaluate(input(kind, engine, profile: profile, options: options))
    }

    /// Every container the validator started was removed again.
    static func expectAllRemoved(_ engine: ScriptedEngine, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(!engine.started.isEmpty, "the validator started no container", sourceLocation: sourceLocation)
        #expect(
            Set(engine.started).isSubset(of: Set(engine.removed)),
            "started \(engine.started), removed \(engine.removed)", sourceLocation: sourceLocation)
    }
}
