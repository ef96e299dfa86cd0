import Domain
import Engine
import Foundation
import Testing
import TestSupport

/// `GateScheduler` without gates: bounded concurrency, waits honoured, results in the given order.
@Suite(.blocking) struct GateSchedulerTests {
    /// Records how many jobs ran at once and when each started and ended.
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var running = 0
        private var highest = 0
        private var log: [String] = []
        var peak: Int { lock.lock(); defer { lock.unlock() }; return highest }
        var events: [String] { lock.lock(); defer { lock.unlock() }; return log }
        func start(_ name: String) { lock.lock(); running += 1; highest = max(highest, running); log.append("start \(name)"); lock.unlock() }
        func end(_ name: String) { lock.lock(); running -= 1; log.append("end \(name)"); lock.unlock() }
        func index(_ event: String) -> Int { lock.lock(); defer { lock.unlock() }; return log.firstIndex(of: event) ?? -1 }
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
        let caller = Thread.current
        let results = GateScheduler(jobs: 1).run(["x", "y"]) { name, worker in
            #expect(Thread.current == caller)
            return "\(name)\(worker)"
        }
        #expect(results == ["x0", "y0"])
    }

    @Test func waitsApplyOnlyToAdvancesOfGatesThatReadDependencyPhases() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        for (name, phase, deps) in [("base", "performance", [String]()), ("app", "integration-planning", ["base"]),
                                    ("web", "isolation", ["base"])] {
            try sandbox.write("services/\(name)/state.yaml", "phase: \(phase)\n")
            try sandbox.write("services/\(name)/service.yaml", "name: \(name)\ndepends_on: [\(deps.joined(separator: ", "))]\n")
        }
        let workspace = try Workspace.open(at: sandbox.root)
        let waits = GateScheduler.waits(services: ["base", "app", "web"], workspace: workspace, advancing: true)
        #expect(waits == ["app": ["base"]])
        #expect(GateScheduler.waits(services: ["base", "app", "web"], workspace: workspace, advancing: false).isEmpty)
        #expect(GateScheduler.waits(services: ["app", "web"], workspace: workspace, advancing: true).isEmpty,
                "a dependency outside the run is not waited for")
    }
}
