import Domain
import Engine
import Foundation
import Git
import Support
import TestSupport
import Testing

/// Whether the dns image has been built (scripts/build-images.sh).
private let dnsImageExists: Bool = {
    (try? SystemProcessRunner().run(ProcessSpec("podman", ["image", "exists", "localhost/podserve-dns:latest"]))
        .succeeded) ?? false
}()

/// Phases 2 and 3 on the real dns image (localhost/podserve-dns:latest) with services/dns/service.yaml of
/// this repository, through the built-in registry as the gate runner calls it. Long windows are shortened.
@Suite(
    "Runtime gates on the real dns image", .serialized,
    .enabled(
        if: dnsImageExists || ProcessInfo.processInfo.environment["PODSERVE_REAL_IMAGES"] == "1",
        "localhost/podserve-dns:latest missing (scripts/test.sh builds it and requires this suite)"), .podman)
struct RuntimeDNSTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Shorter than the default gates, same checks.
    static let shortened: [(ValidatorKind, [String: OptionValue])] = [
        (.imagePresent, [:]), (.startsConsistently, ["attempts": .number(3)]), (.healthChecks, [:]),
        (.configRenders, [:]),
        (.sigterm, ["grace": .string("10s")]), (.cleanLogs, [:]), (.memoryInTarget, ["settle": .string("2s")]),
        (.startupTime, ["runs": .number(3)]), (.memory, ["settle": .string("2s"), "samples": .number(1)]),
        (.responseTime, ["probes": .number(20)]), (.throughput, ["duration": .string("3s")]), (.restartRecovery, [:]),
        (.soak, ["duration": .string("6s"), "interval": .string("1s")]), (.baselineReport, [:]),
    ]

    @Test func phasesTwoAndThreePass() throws {
        let workspace = Workspace(repo: try Repository.discover(startingAt: Self.repoRoot))
        let text = try String(contentsOfFile: Self.repoRoot + "/services/dns/service.yaml", encoding: .utf8)
        let plan = try ServicePlan.parse(text, file: "services/dns/service.yaml")
        let podman = Podman(runLabel: RunLabel(runID: "dns-\(UUID().uuidString.prefix(8).lowercased())"))
        let scratch = RunScratchpad()
        let registry = ValidatorRegistry.builtIn
        var failures: [String] = []
        for (kind, options) in Self.shortened {
            let context = ValidatorContext(
                workspace: workspace, service: "dns", plan: plan, phase: kind.phase ?? .isolation,
                spec: ValidatorSpec(id: kind.rawValue, kind: kind, options: options), runner: SystemProcessRunner(),
                containers: podman, progress: .silent, plans: ["dns": plan], phases: ["dns": .performance],
                scratchpad: scratch)
            let started = Date()
            let outcome = try #require(registry.validator(for: kind)).run(context)
            scratch.record(
                ValidatorRecord(
                    id: kind.rawValue, kind: .validator(kind), status: outcome.status, attempts: 1,
                    passes: outcome.status == .pass ? 1 : 0, durationMs: Date().timeIntervalSince(started) * 1000,
                    message: outcome.message, metrics: outcome.metrics, output: outcome.output))
            print("dns \(kind.rawValue): \(outcome.status.rawValue) — \(outcome.message)")
            if outcome.status == .fail { failures.append("\(kind.rawValue): \(outcome.message)") }
            if kind == .baselineReport { print(outcome.artifacts["3-performance.md"] ?? "") }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(try PodmanTestSupport.leftoverContainers(runID: podman.runLabel.runID).isEmpty)
    }
}
