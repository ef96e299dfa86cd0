import Foundation
import TestSupport
import Testing

/// Issue 10, part 1: text a person types can never add, hide or change a trailer or the subject, and the
/// tool reads every transition commit's trailers exactly as `git interpret-trailers --parse` does.
@Suite(.blocking) struct HostileCommitTextTests {
    static let scissors = "# ------------------------ >8 ------------------------"

    /// What git reads from HEAD's message, one "Key: value" per line.
    static func gitTrailers(_ ws: GitSandbox, _ rev: String = "HEAD") throws -> [String] {
        let message = try ws.git("cat-file", "commit", rev).components(separatedBy: "\n\n").dropFirst().joined(
            separator: "\n\n")
        let result = try ws.run("git", ["interpret-trailers", "--parse"], input: message + "\n")
        return result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter {
            !$0.isEmpty
        }
    }

    static func historyRows(_ ws: GitSandbox) throws -> [[String: Any]] {
        let result = try ws.gate("history", "dns", "--format", "json")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    @Test func reasonInjectingTrailersAndADividerIsRefusedAndNothingIsCommitted() throws {
        let ws = try AuditTests.advancedDNS()
        defer { ws.remove() }
        let head = try ws.git("rev-parse", "HEAD")
        let injected = "x\n\nGate-Service: a\nGate-From: isolation\nGate-To: ready\n---"
        for reason in [
            injected, "x\n---", "x\n\(Self.scissors)", "tab\there", "cr\rhere", "esc \u{1B}[2K hidden",
            "rtl \u{202E}desrever",
        ] {
            let result = try ws.gate("reopen", "dns", "--to", "planning", "--reason", reason)
            #expect(result.status == 2, "\(reason.debugDescription): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("the reopen reason (--reason)"), "\(result.stderr)")
            #expect(result.stderr.contains("one line of plain text"), "\(result.stderr)")
            // The offending value is shown escaped, never raw (a raw escape sequence could hide text).
            #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\r"))
        }
        #expect(try ws.git("rev-parse", "HEAD") == head)
        #expect(try ws.porcelain().isEmpty)
        #expect(ws.read("services/dns/state.yaml")?.contains("isolation") == true)
        #expect(try ws.gate("verify").status == 0)
        // The reason is judged first, before the repository is opened: even a busy or dirty one says why.
        try ws.write("services/dns/notes.txt", "uncommitted\n")
        let outsideRepo = try ws.run(
            GateCLI.binary, ["-C", "/", "reopen", "dns", "--to", "planning", "--reason", injected])
        #expect(outsideRepo.status == 2, "\(outsideRepo.stderr)")
        #expect(outsideRepo.stderr.contains("the reopen reason (--reason)"), "\(outsideRepo.stderr)")
    }

    @Test func lookalikeReasonsOnOneLineAreRecordedAndReadBackByteForByte() throws {
        let ws = try AuditTests.advancedDNS()
        defer { ws.remove() }
        let reasons = [
            "---", Self.scissors, "Gate-To: ready", "# not a comment", "  padded reason  ", "ünïcødé ✓ reason: yes",
        ]
        for (round, reason) in reasons.enumerated() {
            // `--reason=…` so that a reason starting with `-` is not read as an option.
            let result = try ws.gate("reopen", "dns", "--to", "planning", "--reason=\(reason)")
            #expect(result.status == 0, "\(reason): \(result.stderr)")
            let expected = reason.trimmingCharacters(in: .whitespaces)
            let trailers = try Self.gitTrailers(ws)
            #expect(
                trailers == [
                    "Gate-Service: dns", "Gate-From: isolation", "Gate-To: planning", "Gate-Reason: \(expected)",
                    "Signed-off-by: Test Person <test@example.com>",
                ], "\(reason)")
            let rows = try Self.historyRows(ws)
            let reopens = rows.filter { $0["kind"] as? String == "reopen" }
            #expect(reopens.count == round + 1)
            #expect(reopens.contains { $0["reason"] as? String == expected }, "\(rows)")
            #expect(try ws.gate("status", "dns").stdout.contains("planning"))
            // A reopen withdraws the manual sign-offs of the phase reopened: sign it off again, then advance.
            try ws.tickManualItems("services/dns/checklists/1-planning.md")
            try ws.git("commit", "-qam", "sign off planning again")
            try ws.expectGate(["advance", "dns"])
        }
        let verify = try ws.gate("verify")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func forgedReopenWithAnEmptyReasonIsFlaggedAsHavingNoReason() throws {
        let ws = try AuditTests.advancedDNS()
        defer { ws.remove() }
        try ws.write("services/dns/state.yaml", "phase: planning\n")
        try ws.git("add", "services/dns/state.yaml")
        let message = """
            gate(dns): isolation -> planning

            Gate-Service: dns
            Gate-From: isolation
            Gate-To: planning
            Gate-Reason:
            Signed-off-by: Test Person <test@example.com>

            """
        try ws.git(["commit", "-q", "--cleanup=verbatim", "-F", "-"], input: message)
        #expect(try Self.gitTrailers(ws).contains("Gate-Reason: "))
        let verify = try ws.gate("verify", "--format", "json")
        #expect(verify.status == 1, "\(verify.stdout)\(verify.stderr)")
        #expect(try AuditTests.rules(verify).contains("skipped-phase"), "\(verify.stdout)")
        #expect(verify.stdout.contains("without a Gate-Reason"), "\(verify.stdout)")
        let reopen = try Self.historyRows(ws).first {
            $0["to"] as? String == "planning" && $0["from"] as? String == "isolation"
        }
        #expect((reopen?["reason"] as? String ?? "") == "", "\(String(describing: reopen))")
    }

    @Test func forgedScissorsLineHidesTheTrailersFromGitAndFromTheTool() throws {
        let ws = try AuditTests.advancedDNS()
        defer { ws.remove() }
        try ws.write("services/dns/state.yaml", "phase: planning\n")
        try ws.git("add", "services/dns/state.yaml")
        let message = """
            gate(dns): isolation -> planning

            Reopen.
            \(Self.scissors)

            Gate-Service: dns
            Gate-From: isolation
            Gate-To: planning
            Gate-Reason: hidden from git
            Signed-off-by: Test Person <test@example.com>

            """
        try ws.git(["commit", "-q", "--cleanup=verbatim", "-F", "-"], input: message)
        #expect(try Self.gitTrailers(ws).isEmpty)
        let verify = try ws.gate("verify", "--format", "json")
        #expect(verify.status == 1)
        #expect(try AuditTests.rules(verify) == ["state-outside-gate"], "\(verify.stdout)")
        #expect(try Self.historyRows(ws).allSatisfy { $0["kind"] as? String != "reopen" })
    }

    @Test func forgedDividerInTheBodyReadsAsGitReadsIt() throws {
        let ws = try AuditTests.advancedDNS()
        defer { ws.remove() }
        try ws.write("services/dns/state.yaml", "phase: planning\n")
        try ws.git("add", "services/dns/state.yaml")
        // The message an unguarded tool wrote for the injected reason: git stops at the `---` line.
        let message = """
            gate(dns): isolation -> planning

            Reason: x

            Gate-Service: dns
            Gate-From: isolation
            Gate-To: ready
            ---

            Gate-Service: dns
            Gate-From: isolation
            Gate-To: planning
            Gate-Reason: x
            Signed-off-by: Test Person <test@example.com>

            """
        try ws.git(["commit", "-q", "--cleanup=verbatim", "-F", "-"], input: message)
        #expect(try Self.gitTrailers(ws) == ["Gate-Service: dns", "Gate-From: isolation", "Gate-To: ready"])
        let rows = try Self.historyRows(ws)
        #expect(rows.contains { $0["from"] as? String == "isolation" && $0["to"] as? String == "ready" }, "\(rows)")
        let verify = try ws.gate("verify", "--format", "json")
        #expect(verify.status == 1)
        #expect(try AuditTests.rules(verify).contains("state-outside-gate"), "\(verify.stdout)")
    }
}

/// Values copied from files into an approval commit are held to the same rule as typed text.
@Suite(.blocking) struct HostileApprovalTextTests {
    @Test func approvalRoleWithALineBreakIsRefusedBeforeAnythingIsWritten() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let rule = "approvals: {role: \"architecture\\nGate-To: ready\", required: 1, approvers: [test@example.com]}\n"
        try ws.commit(
            ["gates/1-planning.yaml": try #require(ws.read("gates/1-planning.yaml")) + rule], message: "hostile role")
        try ws.expectGate(["new", "dns"])
        let head = try ws.git("rev-parse", "HEAD")
        let result = try ws.gate("approve", "dns")
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("holds a line break"), "\(result.stderr)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
        #expect(try ws.porcelain().isEmpty)
    }

    @Test func gitUserNameWithAControlCharacterIsRefused() throws {
        let ws = try AuditTests.advancedDNS()
        defer { ws.remove() }
        try ws.git("config", "user.name", "Test\u{1B}[8mPerson")
        let head = try ws.git("rev-parse", "HEAD")
        let result = try ws.gate("reopen", "dns", "--to", "planning", "--reason", "image changed")
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("the Signed-off-by trailer"), "\(result.stderr)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
    }
}

/// Reading hostile history: trailer values are printed with control characters escaped.
@Suite(.blocking) struct HostileHistoryOutputTests {
    @Test func forgedControlCharactersInTrailersArePrintedEscaped() throws {
        let ws = try AuditTests.advancedDNS()
        defer { ws.remove() }
        try ws.write("services/dns/state.yaml", "phase: planning\n")
        try ws.git("add", "services/dns/state.yaml")
        let message =
            "gate(dns): isolation -> planning\n\nGate-Service: dns\nGate-From: isolation\nGate-To: planning\n"
            + "Gate-Reason: looks fine\u{1B}[2K\u{1B}[1Ahidden\nSigned-off-by: Eve\u{1B}[8m <eve@example.com>\n"
        try ws.git(["commit", "-q", "--cleanup=verbatim", "-F", "-"], input: message)
        for format in ["table", "markdown"] {
            let history = try ws.gate("history", "dns", "--format", format)
            #expect(history.status == 0, "\(history.stderr)")
            #expect(!history.stdout.contains("\u{1B}"), "\(format): raw escape printed")
            #expect(history.stdout.contains("Eve\\u{1B}[8m"), "\(history.stdout)")
        }
        let status = try ws.gate("status")
        #expect(!status.stdout.contains("\u{1B}"))
        // CSV too: a spreadsheet export printed on a terminal must not drive it.
        let csv = try ws.gate("history", "dns", "--format", "csv")
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(!csv.stdout.contains("\u{1B}"), "csv: raw escape printed")
        #expect(csv.stdout.contains("Eve\\u001B[8m"), "\(csv.stdout)")
    }
}
