import Foundation
import TestSupport
import Testing

/// Issue 9, sealed gates: a gate judges HEAD's committed inputs taken under the lock, the commit records
/// exactly what was judged, preflight runs before any validator, and several services report each outcome.
@Suite(.blocking) struct SealedGateTests {
    /// A workspace with a planning gate that also runs `gates/checks/<check>.sh`, and `dns` created.
    static func workspace(check: String = "wait", script: String = "#!/bin/sh\nexit 0\n") throws -> GitSandbox {
        try CommandValidatorTests.workspace(check: check, script: script)
    }

    @Test func uncommittedPlanIsRefusedWithEveryDifferingPath() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        // The plan is filled in the work tree only; the ticks are committed.
        try ws.write("services/dns/service.yaml", GitSandbox.completePlan("dns"))
        try ws.tickManualItems("services/dns/checklists/1-planning.md")
        try ws.git("add", "services/dns/checklists")
        try ws.git("commit", "-qm", "ticks only")
        try ws.write("services/dns/notes.txt", "scratch\n")
        let head = try ws.git("rev-parse", "HEAD")
        let result = try ws.gate("advance", "dns")
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("services/dns/service.yaml: changed in the work tree"), "\(result.stderr)")
        #expect(result.stderr.contains("services/dns/notes.txt: untracked"), "\(result.stderr)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
        // Staged-only changes are refused too.
        try ws.git("add", "services/dns/service.yaml")
        let staged = try ws.gate("advance", "dns")
        #expect(staged.status == 2)
        #expect(staged.stderr.contains("services/dns/service.yaml: staged"), "\(staged.stderr)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
    }

    @Test func ticksMadeDuringTheRunAreNotJudgedAndNeverEnterTheCommit() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.write("gates/checks/wait.sh", "#!/bin/sh\nsleep 4\n")
        _ = try ws.run("chmod", ["+x", ws.root + "/gates/checks/wait.sh"])
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        try ws.write(
            "gates/1-planning.yaml",
            gate.replacingOccurrences(
                of: "validators:",
                with:
                    "validators:\n  - id: wait\n    kind: command\n    command: [gates/checks/wait.sh]\n    timeout: 20s"
            ))
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "slow gate")
        try ws.expectGate(["new", "dns"])
        try ws.write("services/dns/service.yaml", GitSandbox.completePlan("dns"))
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "plan without ticks")
        let head = try ws.git("rev-parse", "HEAD")
        let run = try BackgroundGate(ws, ["advance", "dns"])
        Thread.sleep(forTimeInterval: 1.5)
        try ws.tickManualItems("services/dns/checklists/1-planning.md")
        let result = run.wait()
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("judged: HEAD"), "\(result.stdout)")
        #expect(result.stdout.contains("TODO services/dns/checklists/1-planning.md"), "\(result.stdout)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
        // The person's ticks are still theirs, uncommitted, in the work tree.
        #expect(try ws.porcelain() == [" M services/dns/checklists/1-planning.md"])
    }

    @Test func detachedHeadIsRefusedBeforeAnyValidatorRuns() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("pg-ran-\(UUID().uuidString)").path
        let ws = try Self.workspace(check: "mark", script: "#!/bin/sh\ntouch \(marker)\n")
        defer { ws.remove(); try? FileManager.default.removeItem(atPath: marker) }
        try ws.git("checkout", "-q", "--detach")
        let result = try ws.gate("advance", "dns")
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("detached"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker), "the gate ran before preflight")
    }

    @Test func aHeldIndexLockStopsAdvanceBeforeTheGateAndLandsNothing() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        let head = try ws.git("rev-parse", "HEAD")
        _ = FileManager.default.createFile(atPath: ws.root + "/.git/index.lock", contents: Data())
        let result = try ws.gate("advance", "dns")
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains(".git/index.lock exists"), "\(result.stderr)")
        #expect(result.stderr.contains("stale") && result.stderr.contains("rm "), "\(result.stderr)")
        #expect(!result.stdout.contains("gate passed"), "the gate ran: \(result.stdout)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
        try FileManager.default.removeItem(atPath: ws.root + "/.git/index.lock")
        #expect(try ws.porcelain().isEmpty)
        // With the lock gone the same command lands, and index and work tree agree with HEAD.
        let again = try ws.gate("advance", "dns")
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(try ws.porcelain().isEmpty)
    }

    @Test func aStaleBranchLockNamesTheFileAndHowToTellItIsStale() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        _ = FileManager.default.createFile(atPath: ws.root + "/.git/refs/heads/main.lock", contents: Data())
        let result = try ws.gate("advance", "dns")
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("refs/heads/main.lock exists"), "\(result.stderr)")
        #expect(result.stderr.contains("rm \(ws.root)/.git/refs/heads/main.lock"), "\(result.stderr)")
    }

    @Test func inputsCommittedWhileTheGateRunsStopTheTransition() throws {
        let ws = try Self.workspace(check: "wait", script: "#!/bin/sh\nsleep 4\n")
        defer { ws.remove() }
        let run = try BackgroundGate(ws, ["advance", "dns"])
        Thread.sleep(forTimeInterval: 1.5)
        // Someone commits a change to the plan the gate is judging (through another clone, say).
        let plan = try #require(ws.read("services/dns/service.yaml"))
        try ws.commit(
            ["services/dns/service.yaml": plan.replacingOccurrences(of: "8080/tcp", with: "8081/tcp")],
            message: "change the plan mid-gate")
        let moved = try ws.git("rev-parse", "HEAD")
        let result = run.wait()
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("change its inputs"), "\(result.stderr)")
        #expect(try ws.git("rev-parse", "HEAD") == moved)
        #expect(try ws.porcelain().isEmpty)
    }

    @Test func evidenceNamesTheTreesItJudgedAndVerifyRecomputesThem() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        try ws.expectGate(["advance", "dns"])
        let evidence = try #require(ws.read("services/dns/evidence/1-planning.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(evidence.utf8)) as? [String: Any])
        let inputs = try #require(object["inputs"] as? [String: Any])
        #expect(inputs["commit"] as? String == (try ws.git("rev-parse", "HEAD~1")))
        #expect(inputs["gates"] as? String == (try ws.git("rev-parse", "HEAD~1:gates")))
        // The service folder without evidence/ and state.yaml, as git would write that tree.
        let listing = try ws.git("ls-tree", "HEAD~1:services/dns").split(separator: "\n")
            .filter { !$0.hasSuffix("\tstate.yaml") && !$0.hasSuffix("\tevidence") }.joined(separator: "\n")
        let expected = try ws.git(["mktree"], input: listing + "\n")
        #expect(inputs["service"] as? String == expected)
        #expect(try ws.gate("verify").status == 0)

        // A forged transition that reuses this evidence after the plan changed is caught.
        try ws.git("reset", "-q", "--hard", "HEAD~1")
        let plan = try #require(ws.read("services/dns/service.yaml"))
        try ws.commit(
            ["services/dns/service.yaml": plan.replacingOccurrences(of: "8080/tcp", with: "9090/tcp")],
            message: "plan change")
        try ws.write("services/dns/evidence/1-planning.json", evidence)
        try ws.write("services/dns/state.yaml", "phase: isolation\n")
        try ws.git("add", "-A")
        let blob = try ws.git("hash-object", "services/dns/evidence/1-planning.json")
        try ws.git(
            "commit", "-qm",
            "gate(dns): planning -> isolation\n\nGate-Service: dns\nGate-From: planning\nGate-To: isolation\nGate-Evidence: \(blob)\nSigned-off-by: Test Person <test@example.com>"
        )
        let verify = try ws.gate("verify")
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("inputs-mismatch"), "\(verify.stdout)")
    }

    @Test func legacyEvidenceAfterSealedEvidenceIsADowngrade() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        try ws.expectGate(["advance", "dns"])  // sealed evidence: names its inputs
        // A hand-made isolation -> performance transition whose evidence claims the old format.
        try ws.tickManualItems("services/dns/checklists/2-isolation.md")
        try ws.git("commit", "-qam", "sign off isolation")
        let path = "services/dns/evidence/2-isolation.json"
        try ws.write(
            path,
            #"{"tool": "podserve-gate", "tool_version": "0.1.0", "service": "dns", "phase": "isolation", "started_at": "2026-11-27T03:18:18.002Z", "finished_at": "2026-11-27T03:19:18.002Z", "passed": true, "environment": {}, "artifacts": {}, "validators": [{"id": "v", "kind": "command", "status": "pass", "attempts": 1, "passes": 1, "duration_ms": 1, "message": "ok", "metrics": {}, "output": ""}]}"#
                + "\n")
        try ws.write("services/dns/state.yaml", "phase: performance\n")
        try ws.git("add", "-A")
        let blob = try ws.git("hash-object", path)
        try ws.git(
            "commit", "-qm",
            "gate(dns): isolation -> performance\n\nGate-Service: dns\nGate-From: isolation\nGate-To: performance\nGate-Evidence: \(blob)\nSigned-off-by: Test Person <test@example.com>"
        )
        let verify = try ws.gate("verify")
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("inputs-mismatch") && verify.stdout.contains("downgrade"), "\(verify.stdout)")
    }

    @Test func indexEntriesWrittenByTheToolNeverHideASameSizeEdit() throws {
        // The edit must land in the same second as the tool's write (git compares whole seconds): retry the
        // scenario until it does, so the test always exercises the racy case.
        for _ in 0..<20 {
            let ws = try GitSandbox.workspace()
            defer { ws.remove() }
            try ws.expectGate(["new", "a"])
            let path = ws.root + "/services/a/checklists/1-planning.md"
            let written = try Self.changeSecond(path)
            // An in-place, same-size tick of a manual item (same inode, same size).
            let text = try #require(ws.read("services/a/checklists/1-planning.md"))
            let ticked = try #require(text.range(of: "- [ ]").map { text.replacingCharacters(in: $0, with: "- [x]") })
            let handle = try #require(FileHandle(forUpdatingAtPath: path))
            try handle.seek(toOffset: 0)
            handle.write(Data(ticked.utf8))
            try handle.close()
            guard try Self.changeSecond(path) == written else { continue }
            Thread.sleep(forTimeInterval: 1.1)
            try ws.expectGate(["new", "b"])
            #expect(try ws.porcelain() == [" M services/a/checklists/1-planning.md"])
            try ws.git("commit", "-qam", "tick")
            #expect(
                try ws.git("show", "HEAD:services/a/checklists/1-planning.md")
                    == ticked.trimmingCharacters(in: .whitespacesAndNewlines))
            return
        }
        Issue.record("could not make an edit within the second of the tool's write in 20 tries")
    }

    static func changeSecond(_ path: String) throws -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CocoaError(.fileReadNoSuchFile) }
        return info.st_ctim.tv_sec
    }

    @Test func severalServicesReportEveryOutcomeAndChooseTheExitCodeAtTheEnd() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "a"])
        try ws.expectGate(["new", "b"])
        try ws.preparePlanning("a")
        try ws.commit(["services/b/service.yaml": "name: b\nports: [[[\n"], message: "broken plan b")
        let junit = ws.root + "/../junit-\(UUID().uuidString).xml"
        defer { try? FileManager.default.removeItem(atPath: junit) }
        let result = try ws.gate("advance", "a", "b", "--junit", junit)
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("a: planning -> isolation"), "\(result.stdout)")
        #expect(result.stdout.contains("b: error (exit 2)"), "\(result.stdout)")
        #expect(result.stderr.contains("services/b/service.yaml:"), "\(result.stderr)")
        #expect(try ws.git("show", "HEAD:services/a/state.yaml").contains("isolation"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("name=\"a.planning\""), "\(xml)")
        #expect(xml.contains("<testsuite name=\"b\"") && xml.contains("<error"), "\(xml)")
    }

    @Test func anIndexLockAppearingAfterTheBranchMovedNeverReportsFailureForALandedTransition() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        let pauseFile = ws.root + "/../pause-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: pauseFile) }
        let run = try BackgroundGate(
            ws, ["advance", "dns"],
            environment: [
                "PODSERVE_GATE_PAUSE_AT": "after-ref-move", "PODSERVE_GATE_PAUSE_FILE": pauseFile,
                "PODSERVE_GATE_PAUSE_SECONDS": "2",
            ])
        #expect(run.waitForFile(pauseFile, timeout: 30))
        _ = FileManager.default.createFile(atPath: ws.root + "/.git/index.lock", contents: Data())
        let result = run.wait()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("dns: planning -> isolation"), "\(result.stdout)")
        #expect(
            result.stderr.contains("landed") && result.stderr.contains("next podserve-gate command finishes it"),
            "\(result.stderr)")
        try FileManager.default.removeItem(atPath: ws.root + "/.git/index.lock")
        let status = try ws.gate("status")
        #expect(status.stderr.contains("finished an interrupted transition"), "\(status.stderr)")
        #expect(try ws.porcelain().isEmpty)
    }

    @Test func aKillAfterTheBranchMovedIsFinishedByTheNextCommand() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        let before = try ws.git("rev-parse", "HEAD")
        let pauseFile = ws.root + "/../pause-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: pauseFile) }
        let run = try BackgroundGate(
            ws, ["advance", "dns"],
            environment: ["PODSERVE_GATE_PAUSE_AT": "after-ref-move", "PODSERVE_GATE_PAUSE_FILE": pauseFile])
        #expect(run.waitForFile(pauseFile, timeout: 30))
        run.kill9()
        _ = run.wait()
        // The branch moved; the index still holds the old files (a kill between ref move and index write).
        let after = try ws.git("rev-parse", "HEAD")
        #expect(after != before)
        #expect(try !ws.porcelain().isEmpty)
        let status = try ws.gate("status")
        #expect(status.status == 0, "\(status.stdout)\(status.stderr)")
        #expect(status.stderr.contains("finished an interrupted transition"), "\(status.stderr)")
        #expect(try ws.porcelain().isEmpty)
        #expect(try ws.run("git", ["fsck", "--no-progress"]).status == 0)
        #expect(try ws.gate("verify").status == 0)
    }
}

/// The real binary running in the background, so a test can act while a gate runs.
final class BackgroundGate {
    let process = Process()
    let out: URL
    let err: URL

    init(_ ws: GitSandbox, _ arguments: [String], environment: [String: String] = [:]) throws {
        let id = UUID().uuidString
        out = FileManager.default.temporaryDirectory.appendingPathComponent("bg-out-\(id)")
        err = FileManager.default.temporaryDirectory.appendingPathComponent("bg-err-\(id)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: GateCLI.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: ws.root)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    func waitForFile(_ path: String, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    func kill9() { kill(process.processIdentifier, SIGKILL) }

    func wait() -> GitCLIResult {
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        return GitCLIResult(
            status: process.terminationStatus,
            stdout: String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self))
    }
}
