import Foundation
import Support
import Testing
import TestSupport

/// Every validator record says how much of its duration was spent in child processes (`child_seconds`,
/// `children`), so the tool's own overhead is `duration_ms` minus that.
@Suite(.blocking) struct ChildTimeTests {
    @Test func overlappingChildrenCountOnceAndNeverExceedElapsedTime() throws {
        let before = ChildRegistry.shared.childTime
        let start = Date()
        let group = DispatchGroup()
        for _ in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                _ = try? SystemProcessRunner().run(ProcessSpec("sleep", ["0.3"], timeout: 10))
                group.leave()
            }
        }
        group.wait()
        let elapsed = Date().timeIntervalSince(start)
        let after = ChildRegistry.shared.childTime
        let busy = after.seconds - before.seconds
        #expect(after.started - before.started >= 2)
        #expect(busy >= 0.29, "two 0.3 s children ran, child time \(busy)")
        // Other tests may run children meanwhile, but busy time is a union of intervals: never above elapsed.
        #expect(busy <= elapsed + 0.01, "child time \(busy) over elapsed \(elapsed): overlap counted twice")
    }

    @Test func checkRecordsChildSecondsPerValidator() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "ct").status == 0)
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        try ws.write("gates/1-planning.yaml", gate.replacingOccurrences(
            of: "checklist: |", with: "  - id: nap\n    kind: command\n    command: [sleep, 0.3]\n    timeout: 30s\nchecklist: |"))
        let result = try ws.gate("check", "ct", "--format", "json", "--quiet")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                                "\(result.stdout)\(result.stderr)")
        let records = try #require(json["validators"] as? [[String: Any]])
        let nap = try #require(records.first { $0["id"] as? String == "nap" })
        let metrics = try #require(nap["metrics"] as? [String: Any])
        let child = try #require(metrics["child_seconds"] as? Double)
        let duration = try #require(nap["duration_ms"] as? Double) / 1000
        #expect(metrics["children"] as? Double == 1)
        #expect(child >= 0.29 && child <= duration, "child \(child) s, duration \(duration) s")
        // A validator that starts no child records no child figures.
        let plan = try #require(records.first { $0["id"] as? String == "plan-complete" })
        #expect((plan["metrics"] as? [String: Any])?["child_seconds"] == nil)
    }
}
