import Foundation
import Support
import TestSupport
import Testing

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
        try ws.write(
            "gates/1-planning.yaml",
            gate.replacingOccurrences(
                of: "checklist: |",
                with: "  - id: nap\n    kind: command\n    command: [sleep, 0.3]\n    timeout: 30s\nchecklist: |"))
        let result = try ws.gate("check", "ct", "--format", "json", "--quiet")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
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

    /// `--jobs 2`: a CPU-busy child in one service and a sleeping child in the other, side by side. Each record
    /// counts only its own service's child (the gate worker's account), never the other's: one child each, the busy
    /// one's CPU time, and next to no CPU time for the sleeper.
    @Test func parallelGatesEachCountOnlyTheirOwnChildren() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let tag = UInt32.random(in: 1000...9999)
        let (busy, idle) = ("cb\(tag)", "ci\(tag)")
        for name in [busy, idle] { #expect(try ws.gate("new", name).status == 0) }
        let script =
            #"case "$SERVICE" in cb*) end=$(( $(date +%s) + 3 )); while [ "$(date +%s)" -lt "$end" ]; do i=0; while [ $i -lt 2000 ]; do i=$((i+1)); done; done;; *) sleep 3;; esac"#
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        try ws.write(
            "gates/1-planning.yaml",
            gate.replacingOccurrences(
                of: "checklist: |",
                with:
                    "  - id: own\n    kind: command\n    command: [sh, -c, '\(script)']\n    timeout: 60s\nchecklist: |"
            ))
        let result = try ws.gate("check", busy, idle, "--jobs", "2", "--format", "json", "--quiet")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]],
            "\(result.stdout)\(result.stderr)")
        var figures: [String: [String: Any]] = [:]
        for report in json {
            let records = try #require(report["validators"] as? [[String: Any]], "\(report)")
            let own = try #require(records.first { $0["id"] as? String == "own" })
            var metrics = try #require(own["metrics"] as? [String: Any])
            metrics["duration_s"] = (own["duration_ms"] as? Double).map { $0 / 1000 }
            figures[try #require(report["service"] as? String)] = metrics
        }
        let b = try #require(figures[busy]), i = try #require(figures[idle])
        #expect(b["children"] as? Double == 1, "\(b)")
        #expect(i["children"] as? Double == 1, "\(i)")
        let busyCPU = try #require(b["child_cpu_seconds"] as? Double),
            idleCPU = try #require(i["child_cpu_seconds"] as? Double)
        #expect(busyCPU >= 0.5, "the busy child's CPU time: \(busyCPU) s")
        #expect(idleCPU < 0.2, "the sleeping child's CPU time \(idleCPU) s includes the busy one's")
        for m in [b, i] {
            let child = try #require(m["child_seconds"] as? Double), duration = try #require(m["duration_s"] as? Double)
            #expect(child >= 1.9 && child <= duration + 0.01, "\(m)")
        }
    }
}
