import Domain
import Engine
import Foundation
import Locking
import TestSupport
import Testing

/// `GateScheduler` without gates: bounded concurrency, waits honoured, results in the given order.
@Suite(.blocking) struct GateSchedulerTests {
    /// Records how many jobs ran at once and when each started and ended.
    final class Log: Sendable {
        private struct State {
            var running = 0
            var highest = 0
            var log: [String] = []
        }

        private let state = Locked(State())
        var peak: Int { state.withLock { $0.highest } }
        var events: [String] { state.withLock { $0.log } }
        func start(_ name: String) {
            state.withLock { state in
                state.running += 1
                state.highest = max(state.highest, state.running)
                state.log.append("start \(name)")
            }
        }
        func end(_ name: String) {
            state.withLock { state in
                state.running -= 1
                state.log.append("end \(name)")
            }
        }
        func index(_ event: String) -> Int { state.withLock { $0.log.firstIndex(of: event) ?? -1 } }
    }

    @Test func runsUpToJobsAtOnceAndReturnsResultsInTheGivenOrder() {
        let log = Log()
        let names = ["a", "b", "c", "d", "e"]
        let results = GateScheduler(jobs: 3).run(names) { name, worker in
            log.start(name)
            // The first three hold on until all three run (or 10 s pass), so a loaded machine cannot hide the overlap.
            let deadline = Date().addingTimeInterval(10)
            while ["a", "b", "c"].contains(name) && log.peak < 3 && Date() < deadline { usleep(5_000) }
            usleep(20_000)
            log.end(name)
            return "\(name)@\(worker)"
        }
        #expect(results.map { $0.split(separator: "@")[0] } == ["a", "b", "c", "d", "e"])
        #expect(log.peak == 3, "peak concurrency \(log.peak)")
        #expect(Set(results.map { $0.split(separator: "@")[1] }).isSubset(of: ["0", "1", "2"]))
    }

    @Test func aServiceThatWaitsStartsOnlyAfterItsDependencyEnded() {
        let log = Log()
        let results = GateScheduler(jobs: 3).run(["base", "app", "lone"], waits: ["app": ["base"]]) { name, _ in
            log.start(name)
            // base holds on until lone has started (or 10 s pass): lone must not wait for base.
            let deadline = Date().addingTimeInterval(10)
            while name == "base" && log.index("start lone") < 0 && Date() < deadline { usleep(5_000) }
            usleep(20_000)
            log.end(name)
            return name
        }
        #expect(results == ["base", "app", "lone"])
        #expect(log.index("end base") < log.index("start app"), "\(log.events)")
        #expect(log.index("start lone") < log.index("end base"), "lone waits for nothing: \(log.events)")
    }

    @Test func oneJobRunsInOrderOnTheCallingThread() {
        let caller = pthread_self()
        let results = GateScheduler(jobs: 1).run(["x", "y"]) { name, worker in
            #expect(pthread_equal(pthread_self(), caller) != 0)
            return "\(name)\(worker)"
        }
        #expect(results == ["x0", "y0"])
    }

    @Test func waitsApplyOnlyToAdvancesOfGatesThatReadDependencyPhases() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        for (name, phase, deps) in [
            ("base", "performance", [String]()), ("app", "integration-planning", ["base"]),
            ("web", "isolation", ["base"]),
        ] {
            try sandbox.write("services/\(name)/state.yaml", "phase: \(phase)\n")
            try sandbox.write(
                "services/\(name)/service.yaml", "name: \(name)\ndepends_on: [\(deps.joined(separator: ", "))]\n")
        }
        let workspace = try Workspace.open(at: sandbox.root)
        let waits = GateScheduler.waits(services: ["base", "app", "web"], workspace: workspace, advancing: true)
        #expect(waits == ["app": ["base"]])
        #expect(GateScheduler.waits(services: ["base", "app", "web"], workspace: workspace, advancing: false).isEmpty)
        #expect(
            GateScheduler.waits(services: ["app", "web"], workspace: workspace, advancing: true).isEmpty,
            "a dependency outside the run is not waited for")
    }
}
