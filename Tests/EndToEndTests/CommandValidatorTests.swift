import Foundation
import TestSupport
import Testing

/// The generic `command` validator: a script under gates/checks/ with the documented environment, a
/// timeout that kills its whole process group, retries recorded as attempts; and the per-service lock.
@Suite(.blocking) struct CommandValidatorTests {
    static func workspace(check: String, script: String, timeout: String = "10s", retries: Int = 0) throws -> GitSandbox
    {
        let ws = try GitSandbox.workspace()
        try ws.write("gates/checks/\(check).sh", script)
        try ws.git("update-index", "--add", "--chmod=+x", "gates/checks/\(check).sh")
        _ = try ws.run("chmod", ["+x", ws.root + "/gates/checks/\(check).sh"])
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        let entry = """
            validators:
              - id: \(check)
                kind: command
                command: [gates/checks/\(check).sh]
                timeout: \(timeout)
                retries: \(retries)
            """
        try ws.write("gates/1-planning.yaml", gate.replacingOccurrences(of: "validators:", with: entry))
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "gate check \(check)")
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        return ws
    }

    @Test func scriptSeesItsEnvironmentAndItsOutputGoesIntoEvidence() throws {
        let ws = try Self.workspace(
            check: "env", script: "#!/bin/sh\necho \"service=$SERVICE phase=$PHASE image=$IMAGE ws=$WORKSPACE\"\n")
        defer { ws.remove() }
        let result = try ws.gate("advance", "dns")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let evidence = try #require(ws.read("services/dns/evidence/1-planning.json"))
        // Scripts run in the sealed export of HEAD, never in the live work tree.
        #expect(evidence.contains("service=dns phase=planning image=localhost/podserve-dns:latest ws=/"), "\(evidence)")
        #expect(evidence.contains("podserve-gate-snapshot-"), "\(evidence)")
        #expect(!evidence.contains("ws=\(ws.root)"), "\(evidence)")
    }

    @Test func timeoutKillsTheWholeProcessGroup() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("pg-orphan-\(UUID().uuidString)")
            .path
        // The script leaves a grandchild that would write the marker after 3 s unless the group is killed.
        let ws = try Self.workspace(
            check: "slow", script: "#!/bin/sh\n(sleep 3; touch \(marker)) &\nsleep 30\n", timeout: "1s")
        defer { ws.remove(); try? FileManager.default.removeItem(atPath: marker) }
        let started = Date()
        let result = try ws.gate("advance", "dns")
        #expect(result.status == 1)
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(result.stdout.contains("FAIL slow"), "\(result.stdout)")
        #expect(result.stdout.contains("timed out"), "\(result.stdout)")
        sleep(4)
        #expect(!FileManager.default.fileExists(atPath: marker), "a grandchild outlived the timeout")
    }

    @Test func flakyCheckPassesOnRetryAndSaysSo() throws {
        let counter = FileManager.default.temporaryDirectory.appendingPathComponent("pg-flaky-\(UUID().uuidString)")
            .path
        let script =
            "#!/bin/sh\nif [ -f \(counter) ]; then exit 0; fi\ntouch \(counter)\necho first attempt fails\nexit 1\n"
        let ws = try Self.workspace(check: "flaky", script: script, retries: 2)
        defer { ws.remove(); try? FileManager.default.removeItem(atPath: counter) }
        let result = try ws.gate("advance", "dns")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("flaky: passed on attempt 2 of 3"), "\(result.stdout)")
        let evidence = try #require(ws.read("services/dns/evidence/1-planning.json"))
        #expect(evidence.contains("\"attempts\" : 2"))
        #expect(evidence.contains("\"passes\" : 1"))
    }

    @Test func secondAdvanceOfTheSameServiceIsBusy() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("pg-busy-\(UUID().uuidString)").path
        let ws = try Self.workspace(check: "wait", script: "#!/bin/sh\ntouch \(marker)\nsleep 3\n")
        defer { ws.remove(); try? FileManager.default.removeItem(atPath: marker) }
        let first = Process()
        first.executableURL = URL(fileURLWithPath: GateCLI.binary)
        first.arguments = ["-C", ws.root, "advance", "dns", "--quiet"]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        // The first advance holds the service's lock while its gate runs the check script.
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: marker) && Date() < deadline { usleep(20_000) }
        let second = try ws.gate("advance", "dns", "--quiet")
        first.waitUntilExit()
        #expect(second.status == 3, "\(second.stdout)\(second.stderr)")
        #expect(second.stderr.contains("another podserve-gate run is working on 'dns'"))
        #expect(first.terminationStatus == 0)
        #expect(ws.read("services/dns/state.yaml")?.contains("isolation") == true)
    }
}

/// Progress lines on stderr carry repository text too (tests/redteam/39): escaped like stdout.
@Suite(.blocking) struct ProgressEscapeTests {
    @Test func progressLinesEscapeControlCharactersFromAGateFilesCommandPath() throws {
        let ws = try CommandValidatorTests.workspace(check: "ok", script: "#!/bin/sh\nexit 0\n")
        defer { ws.remove() }
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        try ws.write(
            "gates/1-planning.yaml",
            gate.replacingOccurrences(
                of: "command: [gates/checks/ok.sh]", with: "command: [\"gates/checks/x\\e]0;OWNED\\a.sh\"]"))
        try ws.git("commit", "-qam", "gate: a hostile command path")
        let result = try ws.gate("check", "dns")
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        for (stream, text) in [("stdout", result.stdout), ("stderr", result.stderr)] {
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(stream): raw escape")
            #expect(text.contains("x\\u001B]0;OWNED\\u0007.sh"), "\(stream): \(text)")
        }
    }

    @Test func errorMessagesEscapeControlCharactersFromAGateFile() throws {
        let ws = try CommandValidatorTests.workspace(check: "ok", script: "#!/bin/sh\nexit 0\n")
        defer { ws.remove() }
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        try ws.write(
            "gates/1-planning.yaml",
            gate.replacingOccurrences(of: "kind: command", with: "kind: \"x\\e]0;OWNED\\a\""))
        try ws.git("commit", "-qam", "gate: a hostile kind")
        let result = try ws.gate("check", "dns")
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "raw escape")
        #expect(result.stderr.contains("kind is 'x\\u001B]0;OWNED\\u0007'"), "\(result.stderr)")
    }
}
