import Foundation
import Support
import TestSupport
import Testing

/// `advance … --jobs 3` on real podman: independent services' gates run at once, every transition lands as its own
/// commit, and the evidence has the shape a serial run writes.
@Suite(.serialized, .podman)
struct ParallelGateTests {
    /// Services `names` on the well-behaved tiny image, all in isolation with their checklists ticked.
    static func workspace(_ names: [String]) throws -> GitSandbox {
        try TinyImages.ensureAll()
        let ws = try GitSandbox.workspace()
        for name in names {
            #expect(try ws.gate("new", name).status == 0)
            let plan = GitSandbox.tinyImagePlan(name)
            try ws.write("services/\(name)/service.yaml", plan)
            try ws.tickManualItems("services/\(name)/checklists/1-planning.md")
            try ws.tickManualItems("services/\(name)/checklists/2-isolation.md")
        }
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "plans")
        let planned = try ws.gate(["advance", "--all", "--jobs", "3", "--quiet"])
        #expect(planned.status == 0, "\(planned.stdout)\(planned.stderr)")
        return ws
    }

    /// The evidence's shape: its keys, the environment's keys, and each validator's id, status and metric names
    /// (`child_seconds`/`children` appear when a validator started processes, as in a serial run).
    static func shape(_ text: String) throws -> [String] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var shape = json.keys.sorted().map { "key \($0)" }
        shape += ((json["environment"] as? [String: Any]) ?? [:]).keys.sorted().map { "env \($0)" }
        for validator in (json["validators"] as? [[String: Any]]) ?? [] {
            let metrics = ((validator["metrics"] as? [String: Any]) ?? [:]).keys.sorted().joined(separator: ",")
            shape.append("\(validator["id"] ?? "?") \(validator["status"] ?? "?") [\(metrics)]")
        }
        return shape
    }

    @Test func threeIndependentServicesAdvanceTogetherAndEachTransitionLands() throws {
        let tag = UInt32.random(in: 1000...9999)
        let names = ["pa\(tag)", "pb\(tag)", "pc\(tag)", "ps\(tag)"]
        let ws = try Self.workspace(names)
        defer { ws.remove() }
        // One serial run for comparison, then three at once.
        let serial = try ws.gate("advance", names[3], "--quiet")
        #expect(serial.status == 0, "\(serial.stdout)\(serial.stderr)")
        let before = Int(try ws.git("rev-list", "--count", "HEAD")) ?? 0
        let parallel = try ws.gate(["advance", names[0], names[1], names[2], "--jobs", "3"])
        #expect(parallel.status == 0, "\(parallel.stdout)\(parallel.stderr)")
        // Ran at once: every service started before the first one finished.
        let lines = parallel.stderr.split(whereSeparator: \.isNewline).map(String.init)
        let firstFinish = try #require(lines.firstIndex { $0.contains(": finished in ") }, "\(parallel.stderr)")
        for name in names.prefix(3) {
            let started = try #require(lines.firstIndex { $0.hasPrefix("\(name): started on local engine") })
            #expect(started < firstFinish, "\(name) started after another had finished:\n\(parallel.stderr)")
        }
        // Output grouped per service, in the order given; each a transition commit of its own.
        let summary = try #require(parallel.stdout.range(of: "summary:"))
        let tail = String(parallel.stdout[summary.lowerBound...])
        for name in names.prefix(3) { #expect(tail.contains("\(name): advanced isolation -> performance"), "\(tail)") }
        #expect(Int(try ws.git("rev-list", "--count", "HEAD")) == before + 3)
        let subjects = try ws.git("log", "-3", "--format=%s").split(separator: "\n").map(String.init)
        #expect(Set(subjects) == Set(names.prefix(3).map { "gate(\($0)): isolation -> performance" }))
        try ws.git("fsck", "--strict", "--no-progress")
        #expect(try ws.porcelain().isEmpty)
        #expect(try ws.gate("verify").status == 0)
        let reference = try Self.shape(try #require(ws.read("services/\(names[3])/evidence/2-isolation.json")))
        for name in names.prefix(3) {
            let evidence = try #require(ws.read("services/\(name)/evidence/2-isolation.json"))
            #expect(try Self.shape(evidence) == reference, "\(name)'s evidence differs in shape from the serial run's")
        }
        #expect(try RuntimeCLITests.containers(named: names[0]).isEmpty)
    }

    @Test func ctrlCDuringParallelGatesRemovesEveryGatesContainers() throws {
        let tag = UInt32.random(in: 1000...9999)
        let names = ["ia\(tag)", "ib\(tag)", "ic\(tag)"]
        let ws = try Self.workspace(names)
        defer { ws.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GateCLI.binary)
        process.arguments = ["-C", ws.root, "check"] + names + ["--jobs", "3", "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Interrupt once at least two gates have containers running at the same time.
        var running: [String] = []
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline {
            running = try names.filter { !(try RuntimeCLITests.containers(named: $0)).isEmpty }
            if running.count >= 2 { break }
            usleep(50_000)
        }
        #expect(running.count >= 2, "never saw two gates running at once: \(running)")
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        for name in names { #expect(try RuntimeCLITests.containers(named: name).isEmpty, "\(name) left containers") }
    }
}
