import Domain
import Foundation
import Support
import Testing

@testable import Engine

/// SIGTERM handling judged from scripted `podman stop` results: a PID 1 that ignores TERM (exit 137) or takes the
/// whole grace period fails; a prompt exit passes; the grace option reaches `podman stop -t`.
@Suite struct SigtermLogicTests {
    @Test func exit137MeansSIGTERMWasIgnored() throws {
        let engine = ScriptedEngine(.init(stop: { _, grace in StopResult(seconds: Double(grace), exitCode: 137) }))
        let outcome = try ValidatorLogic.run("sigterm", engine)
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("exited 137 (SIGKILL)"), "\(outcome.message)")
        ValidatorLogic.expectAllRemoved(engine)
    }

    @Test func stoppingOnlyAtTheEndOfTheGracePeriodFails() throws {
        let engine = ScriptedEngine(.init(stop: { _, grace in StopResult(seconds: Double(grace), exitCode: 0) }))
        let outcome = try ValidatorLogic.run("sigterm", engine)
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("not within the 10 s grace period"), "\(outcome.message)")
    }

    @Test func aPromptExitPassesAndTheGraceOptionReachesPodmanStop() throws {
        let engine = ScriptedEngine(.init(stop: { _, _ in StopResult(seconds: 0.3, exitCode: 143) }))
        let outcome = try ValidatorLogic.run("sigterm", engine, options: ["grace": .string("3s")])
        #expect(outcome.status == .pass, "\(outcome.message)")
        #expect(outcome.message.contains("SIGTERM handled, exit 143"), "\(outcome.message)")
        #expect(engine.calls.filter { $0.op == "stop" }.map(\.detail) == ["3"])
        #expect(outcome.metrics["grace_seconds"] == .number(3))
    }

    @Test func anUnhealthyContainerIsStillStoppedAndTheReportSaysSo() throws {
        let engine = ScriptedEngine(.init(readyAfter: { _ in nil }))
        let outcome = try ValidatorLogic.run("sigterm", engine)
        #expect(outcome.status == .pass, "\(outcome.message)")
        #expect(outcome.message.contains("it was not healthy when stopped"), "\(outcome.message)")
        ValidatorLogic.expectAllRemoved(engine)
    }
}

/// startup-time over scripted readiness delays: the judged statistic decides, every run is a fresh container,
/// and a run that never becomes ready fails the validator.
@Suite struct StartupTimeLogicTests {
    static let delays: [Double] = [0.2, 0.3, 0.25, 0.35, 1.6]
    static func engine(_ delays: [Double?] = delays.map { $0 }) -> ScriptedEngine {
        ScriptedEngine(.init(readyAfter: { n in delays[n % delays.count] }))
    }

    @Test func onePassSlowStartFailsTheDefaultP95Judgement() throws {
        let engine = Self.engine()
        let outcome = try ValidatorLogic.run("startup-time", engine)
        #expect(outcome.status == .fail, "\(outcome.message)")
        #expect(outcome.message.contains("startup p95"), "\(outcome.message)")
        #expect(engine.started.count == 5, "five fresh starts by default, got \(engine.started)")
        ValidatorLogic.expectAllRemoved(engine)
    }

    @Test func theMedianJudgementPassesTheSameRuns() throws {
        let outcome = try ValidatorLogic.run("startup-time", Self.engine(), options: ["judge": .string("median")])
        #expect(outcome.status == .pass, "\(outcome.message)")
        if case .number(let median) = outcome.metrics["startup_median_s"] {
            #expect(median >= 0.29 && median < 0.5, "median of the scripted delays, got \(median)")
        } else {
            Issue.record("no startup_median_s metric: \(outcome.metrics)")
        }
    }

    @Test func aRunThatNeverBecomesReadyFails() throws {
        let engine = Self.engine([0.1, 0.1, nil])
        let outcome = try ValidatorLogic.run(
            "startup-time", engine, options: ["runs": .number(3), "judge": .string("max")])
        #expect(outcome.status == .fail)
        #expect(outcome.message.hasPrefix("1/3 runs never became ready: run 3:"), "\(outcome.message)")
        #expect(engine.started.count == 3)
    }

    @Test func withoutATargetTheFiguresAreReportedButTheGateFails() throws {
        let outcome = try ValidatorLogic.run(
            "startup-time", Self.engine(), profile: ValidatorLogic.profile(startup: nil),
            options: ["runs": .number(2)])
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("declares no targets.startup"), "\(outcome.message)")
    }
}

/// starts-consistently: every attempt a fresh container; one unhealthy start fails the validator and is named.
@Suite struct StartsConsistentlyLogicTests {
    @Test func oneUnhealthyStartOutOfThreeFails() throws {
        let engine = ScriptedEngine(.init(readyAfter: { n in n == 1 ? nil : 0.05 }))
        let outcome = try ValidatorLogic.run("starts-consistently", engine, options: ["attempts": .number(3)])
        #expect(outcome.status == .fail)
        #expect(outcome.message.hasPrefix("2/3 starts healthy"), "\(outcome.message)")
        #expect(outcome.message.contains("attempt 2:"), "\(outcome.message)")
        #expect(engine.started.count == 3)
        ValidatorLogic.expectAllRemoved(engine)
    }

    @Test func everyStartHealthyPasses() throws {
        let engine = ScriptedEngine()
        let outcome = try ValidatorLogic.run("starts-consistently", engine, options: ["attempts": .number(4)])
        #expect(outcome.status == .pass, "\(outcome.message)")
        #expect(outcome.message.hasPrefix("4/4 starts healthy"), "\(outcome.message)")
        #expect(outcome.metrics["healthy"] == .number(4))
    }
}

/// How the health waiter decides, and that the launcher removes its container on every path.
@Suite struct HealthWaitLogicTests {
    @Test func anImageWithoutAShellFallsBackToOneExecPerPoll() throws {
        let engine = ScriptedEngine(
            .init(
                exec: { _, command in
                    command.first == "sh"
                        ? ScriptedEngine.result(127, stderr: "exec: \"sh\": executable file not found in $PATH")
                        : ScriptedEngine.result(0)
                }, shell: false))
        let profile = ValidatorLogic.profile()
        let wait = try ServiceLauncher(engine: engine, profile: profile).withContainer(purpose: "t") { c in
            try HealthWaiter(engine: engine, profile: profile).wait(c, timeout: 5)
        }
        #expect(wait.healthy, "\(wait.reason)")
        #expect(wait.method == .execPoll)
        let execs = engine.calls.filter { $0.op == "exec" }.map(\.detail)
        #expect(execs.contains("test -f /tmp/live") && execs.contains("test -f /tmp/ready"), "\(execs)")
    }

    @Test func aContainerThatExitsBeforeItIsHealthyIsExplainedWithItsLogTail() throws {
        let engine = ScriptedEngine(
            .init(
                readyAfter: { _ in nil }, state: { _, _ in ScriptedEngine.exited(3) },
                logs: { _ in "starting\nfatal: no config at /etc/fake.conf\n" }))
        let profile = ValidatorLogic.profile()
        let wait = try ServiceLauncher(engine: engine, profile: profile).withContainer(purpose: "t") { c in
            try HealthWaiter(engine: engine, profile: profile).wait(c, timeout: 1)
        }
        #expect(!wait.healthy)
        #expect(wait.reason.contains("exited with code 3 before it was healthy"), "\(wait.reason)")
        #expect(wait.reason.contains("starting | fatal: no config at /etc/fake.conf"), "\(wait.reason)")
    }

    @Test func noReadinessCheckIsNeverHealthy() throws {
        let engine = ScriptedEngine()
        var profile = ValidatorLogic.profile()
        profile.readiness = nil
        let wait = try ServiceLauncher(engine: engine, profile: profile).withContainer(purpose: "t") { c in
            try HealthWaiter(engine: engine, profile: profile).wait(c, timeout: 1)
        }
        #expect(!wait.healthy)
        #expect(wait.reason.contains("declares no health.readiness"))
    }

    struct Boom: Error {}

    @Test func theLauncherRemovesItsContainerWhenTheBodyThrows() throws {
        let engine = ScriptedEngine()
        #expect(throws: Boom.self) {
            try ServiceLauncher(engine: engine, profile: ValidatorLogic.profile()).withContainer(purpose: "t") { _ in
                throw Boom()
            }
        }
        #expect(engine.removed == engine.started && engine.started.count == 1, "\(engine.calls)")
    }

    @Test func aFailedRunRemovesWhateverPodmanLeftUnderThatName() throws {
        let engine = ScriptedEngine(.init(runError: { _ in Boom() }))
        #expect(throws: Boom.self) {
            try ServiceLauncher(engine: engine, profile: ValidatorLogic.profile()).withContainer(purpose: "t") { _ in 1
            }
        }
        let name = try #require(engine.calls.first { $0.op == "run" }?.container)
        #expect(engine.removed == [name])
    }
}

/// throughput with a host-side `load:` command, driven by a `ScriptedRunner`: the printed rate against the
/// target, the environment the load program is given, and the load program's own failures.
@Suite struct ThroughputLogicTests {
    static func profile() -> RuntimeProfile {
        var profile = ValidatorLogic.profile()
        profile.targets.throughputPerSecond = 100
        profile.loadCommand = ["/usr/local/bin/load", "--fast"]
        return profile
    }

    static func run(_ runner: ScriptedRunner) throws -> (ValidatorOutcome, ScriptedEngine) {
        let engine = ScriptedEngine()
        var input = ValidatorLogic.input("throughput", engine, profile: profile(), options: ["duration": .number(2)])
        input.runner = runner
        return (try ThroughputValidator().evaluate(input), engine)
    }

    @Test func aPrintedRateOverTheTargetPassesAndTheLoadProgramIsToldWhereAndHowLong() throws {
        let runner = ScriptedRunner { _ in ScriptedEngine.result(0, stdout: "warming up\nrequests_per_second=150\n") }
        let (outcome, engine) = try Self.run(runner)
        #expect(outcome.status == .pass, "\(outcome.message)")
        #expect(outcome.metrics["per_second"] == .number(150))
        let spec = try #require(runner.ran.first)
        #expect(spec.executable == "/usr/local/bin/load" && spec.arguments == ["--fast"])
        #expect(spec.environment?["PODSERVE_DURATION"] == "2")
        #expect(spec.environment?["PODSERVE_HOST"] == "127.0.0.1")
        #expect(spec.environment?["PODSERVE_CONTAINER"] == engine.calls.first { $0.op == "run" }?.container)
        ValidatorLogic.expectAllRemoved(engine)
    }

    @Test func aRequestCountIsDividedByTheLoadProgramsRunTime() throws {
        let runner = ScriptedRunner { _ in
            var result = ScriptedEngine.result(0, stdout: "requests=100\n")
            result.duration = 2
            return result
        }
        let (outcome, _) = try Self.run(runner)
        #expect(outcome.status == .fail)
        #expect(outcome.message.hasPrefix("throughput under target"), "\(outcome.message)")
        #expect(outcome.metrics["per_second"] == .number(50))
    }

    @Test func aFailingOrSilentLoadProgramFailsNamingIt() throws {
        let (failed, _) = try Self.run(ScriptedRunner { _ in ScriptedEngine.result(2, stderr: "connection refused") })
        #expect(failed.status == .fail)
        #expect(failed.message.contains("load command `/usr/local/bin/load --fast` failed"), "\(failed.message)")
        let (silent, _) = try Self.run(ScriptedRunner { _ in ScriptedEngine.result(0, stdout: "done\n") })
        #expect(silent.status == .fail)
        #expect(silent.message.contains("printed no `requests=N` or `requests_per_second=X` line"), "\(silent.message)")
    }
}
