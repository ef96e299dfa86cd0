import Domain
import Engine
import Foundation
import Support
import TestSupport
import Testing

/// Shared set-up of the runtime-gate tests: the tiny images, a Podman with a run id of its own (so the
/// leftover check sees only this test's containers) and inputs for the validators.
struct RuntimeFixture {
    let podman: Podman

    init() throws {
        try TinyImages.ensureAll()
        podman = Podman(runLabel: RunLabel(runID: "test-\(UUID().uuidString.prefix(8).lowercased())"))
    }

    /// A profile for one tiny image: liveness/readiness are file checks, or readiness a port check with `tcp`.
    func profile(
        _ flavor: TinyImages.Flavor, tcp: Bool = false, env: [String: String] = [:],
        targets: RuntimeProfile.Targets = .init(startupSeconds: 5, memoryBytes: 50_000_000, responseSeconds: 0.1),
        render: [String]? = nil
    ) -> RuntimeProfile {
        RuntimeProfile(
            service: "tiny", image: flavor.ref, env: env, ports: [.init(TinyImages.port)],
            liveness: .init(command: TinyImages.liveness, timeout: 2),
            readiness: .init(command: TinyImages.readiness, timeout: 2, tcpPort: tcp ? TinyImages.port : nil),
            render: render, targets: targets)
    }

    func input(
        _ id: String, _ profile: RuntimeProfile, options: [String: OptionValue] = [:],
        scratchpad: RunScratchpad = RunScratchpad()
    ) -> RuntimeInput {
        RuntimeInput(id: id, profile: profile, options: RuntimeOptions(options), engine: podman, scratchpad: scratchpad)
    }

    /// Runs a validator kind from the registry's table against an input.
    func run(_ kind: String, _ input: RuntimeInput) throws -> ValidatorOutcome {
        let check = try #require(RuntimeValidators.checks[kind], "no runtime validator of kind \(kind)")
        return try check.evaluate(input)
    }

    /// Every test ends here: nothing this test started may remain.
    func expectNoLeftovers(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let left = try PodmanTestSupport.leftoverContainers(runID: podman.runLabel.runID)
        #expect(left.isEmpty, "containers left behind: \(left)", sourceLocation: sourceLocation)
    }
}
