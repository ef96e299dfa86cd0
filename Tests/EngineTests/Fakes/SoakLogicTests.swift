import Domain
import Foundation
import Support
import Synchronization
import Testing

@testable import Engine

/// The soak validator's judgement on scripted memory curves: a steady climb is a leak, jitter in a short window
/// is not, a container that dies mid-soak fails with its exit code, and an interrupt records how far it got.
@Suite(.blocking) struct SoakLogicTests {
    /// A short soak: 0.6 s window sampled every 0.1 s (seven samples), limit 5 MB/h from the 50 MB target.
    static let short: [String: OptionValue] = ["duration": .number(0.6), "interval": .number(0.1)]

    @Test func steadilyGrowingMemoryFailsAsALeak() throws {
        let engine = ScriptedEngine(.init(memory: { _, n in 10_000_000 + UInt64(n) * 100_000_000 }))
        let outcome = try ValidatorLogic.run("soak", engine, options: Self.short)
        #expect(outcome.status == .fail, "\(outcome.message)")
        #expect(outcome.message.contains("memory grows steadily, a leak"), "\(outcome.message)")
        ValidatorLogic.expectAllRemoved(engine)
    }

    @Test func flatMemoryPasses() throws {
        let engine = ScriptedEngine(.init(memory: { _, _ in 12_000_000 }))
        let outcome = try ValidatorLogic.run("soak", engine, options: Self.short)
        #expect(outcome.status == .pass, "\(outcome.message)")
        #expect(outcome.message.contains("no sustained memory growth"), "\(outcome.message)")
        if case .list(let samples) = outcome.metrics["samples_bytes"] {
            #expect(samples.count >= 5, "\(samples)")
        } else {
            Issue.record("no samples_bytes metric: \(outcome.metrics)")
        }
    }

    /// One 300 kB step after the first sample makes a steep hourly slope (hundreds of MB/h, however the samples
    /// fall in time) but a fitted growth over the 0.6 s window well under the 1 MB noise floor: not a leak, because
    /// a leak must break both limits.
    @Test func aSmallStepInAShortWindowIsNotALeak() throws {
        let engine = ScriptedEngine(.init(memory: { _, n in n == 0 ? 10_000_000 : 10_300_000 }))
        let outcome = try ValidatorLogic.run("soak", engine, options: Self.short)
        #expect(outcome.status == .pass, "\(outcome.message)")
        guard case .number(let slope) = outcome.metrics["slope_bytes_per_hour"] else {
            Issue.record("no slope_bytes_per_hour metric: \(outcome.metrics)")
            return
        }
        #expect(slope > 5_000_000, "the step should look steep per hour (\(slope)), or this test proves nothing")
    }

    @Test func aContainerThatDiesDuringTheSoakFailsWithItsExitCode() throws {
        let engine = ScriptedEngine(
            .init(state: { _, n in n >= 2 ? ScriptedEngine.exited(137, oom: true) : ScriptedEngine.running }))
        let outcome = try ValidatorLogic.run("soak", engine, options: Self.short)
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("exited with code 137 (OOM-killed)"), "\(outcome.message)")
        ValidatorLogic.expectAllRemoved(engine)
    }

    @Test func aSoakThatNeverBecomesHealthyDoesNotStart() throws {
        let engine = ScriptedEngine(.init(readyAfter: { _ in nil }))
        let outcome = try ValidatorLogic.run("soak", engine, options: Self.short)
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("never became healthy, so the soak did not start"), "\(outcome.message)")
        #expect(!engine.calls.contains { $0.op == "memory" })
    }

    @Test func anInterruptedSoakRecordsHowFarItGotAndRethrows() throws {
        let engine = ScriptedEngine()
        let scratchpad = RunScratchpad()
        let stopAt = HostClock.monotonic() + 0.25
        let input = ValidatorLogic.input(
            "soak", engine, options: ["duration": .number(30), "interval": .number(0.05)],
            scratchpad: scratchpad, interrupted: { HostClock.monotonic() > stopAt })
        let started = HostClock.monotonic()
        #expect(throws: ProcessError.self) { try SoakValidator().evaluate(input) }
        #expect(HostClock.monotonic() - started < 5, "the interrupt was not noticed promptly")
        let record = try #require(scratchpad.record(id: "soak"))
        #expect(record.message.hasPrefix("soak interrupted after"), "\(record.message)")
        #expect(record.metrics["interrupted"] == .number(1))
        ValidatorLogic.expectAllRemoved(engine)
    }
}
