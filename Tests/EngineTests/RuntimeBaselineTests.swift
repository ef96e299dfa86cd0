import Domain
import Engine
import Foundation
import TestSupport
import Testing

/// The baseline report: the seed template from this run's figures, and regressions named figure by figure.
@Suite("Runtime baseline report")
struct RuntimeBaselineTests {
    static func record(_ kind: String, _ status: ValidatorStatus = .pass, metrics: [String: MetricValue])
        -> ValidatorRecord
    {
        ValidatorRecord(
            id: kind, kind: RecordKind(kind), status: status, attempts: 1, passes: status == .pass ? 1 : 0,
            durationMs: 10,
            message: "\(kind) \(status.rawValue)", metrics: metrics, output: "")
    }

    static func run(startupMedian: Double, memory: Double) -> [ValidatorRecord] {
        [
            record(
                "startup-time",
                metrics: [
                    "startup_median_s": .number(startupMedian), "startup_p95_s": .number(startupMedian + 0.1),
                    "target_s": .number(5), "method": .text("in-container-loop"),
                ]),
            record("memory", metrics: ["memory_bytes": .number(memory), "target_bytes": .number(100_000_000)]),
            record(
                "response-time", .fail,
                metrics: ["p50_ms": .number(40), "p95_ms": .number(150), "target_ms": .number(100)]),
        ]
    }

    static func evaluate(_ records: [ValidatorRecord], previous: Evidence?, options: [String: OptionValue] = [:]) throws
        -> ValidatorOutcome
    {
        let scratch = RunScratchpad(previous: previous)
        scratch.image = ImageRecord(
            ref: "localhost/podserve-tiny:latest", id: "abcdef0123456789", digest: "sha256:feed")
        records.forEach(scratch.record)
        let profile = RuntimeProfile(service: "tiny", image: "localhost/podserve-tiny:latest")
        let input = RuntimeInput(
            id: "baseline", profile: profile, options: RuntimeOptions(options), engine: Podman(), scratchpad: scratch)
        return try #require(RuntimeValidators.checks["baseline-report"]).evaluate(input)
    }

    static func evidence(_ records: [ValidatorRecord]) -> Evidence {
        Evidence(
            toolVersion: "test", service: "tiny", phase: .performance,
            startedAt: Date(timeIntervalSince1970: 1_700_000_000),
            finishedAt: Date(timeIntervalSince1970: 1_700_000_100), passed: true,
            image: ImageRecord(ref: "localhost/podserve-tiny:latest", id: "0123456789ab", digest: nil),
            environment: [:], validators: records)
    }

    @Test func writesTheSeedTemplateWithTargetsAndIssues() throws {
        let outcome = try Self.evaluate(Self.run(startupMedian: 1.2, memory: 12_000_000), previous: nil)
        #expect(outcome.status == .pass, "\(outcome.message)")
        let text = try #require(outcome.artifacts["3-performance.md"])
        #expect(text.contains("## tiny Performance Baseline"))
        #expect(text.contains("**Test Date**: "))
        #expect(text.contains("**Image**: localhost/podserve-tiny:latest (id abcdef012345"))
        #expect(text.contains("**Environment**: Linux"))
        #expect(text.contains("- **Memory Usage**: 12.0 MB (target: < 100.0 MB) ✅"))
        #expect(text.contains("- **Startup Time (median)**: 1.20 s (target: < 5.00 s) ✅"))
        #expect(text.contains("- **Service Response (p95)**: 150.0 ms (target: < 100.0 ms) ❌"))
        #expect(text.contains("### Issues Found:\n- response-time: response-time fail"))
        #expect(outcome.message.contains("no previous baseline"))
    }

    @Test func failsOnARegressionNamedFigureByFigure() throws {
        let previous = Self.evidence(Self.run(startupMedian: 1.0, memory: 12_000_000))
        let outcome = try Self.evaluate(Self.run(startupMedian: 1.5, memory: 12_500_000), previous: previous)
        #expect(outcome.status == .fail)
        #expect(
            outcome.message.contains(
                "Startup Time (median) 1.50 s vs 1.00 s in the previous baseline (50 % worse, limit 20 %)"),
            "\(outcome.message)")
        // Memory grew 4 %, under both the limit and the noise floor: not named.
        #expect(!outcome.message.contains("Memory Usage"))
        let text = try #require(outcome.artifacts["3-performance.md"])
        #expect(text.contains("| Startup Time (median) | 1.00 s | 1.50 s | +50 % | ❌ regression |"))

        let lenient = try Self.evaluate(
            Self.run(startupMedian: 1.5, memory: 12_500_000), previous: previous,
            options: ["regression_percent": .number(60)])
        #expect(lenient.status == .pass, "\(lenient.message)")
    }

    @Test func failsWhenTheRunRecordedNoFigures() throws {
        let outcome = try Self.evaluate([], previous: nil)
        #expect(outcome.status == .fail && outcome.message.contains("no performance figures"))
    }
}
