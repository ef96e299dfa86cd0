import Foundation
import TestSupport
import Testing

/// `verify` over transitions that relied on waivers or on not-yet-effective criteria, and signed waivers.
@Suite(.blocking) struct WaiverAuditTests {
    /// Rewrites HEAD's committer date (tree and message unchanged), as a hand-made history would.
    static func redate(_ ws: GitSandbox, to day: String) throws {
        let result = try ws.run(
            "env", ["GIT_COMMITTER_DATE=\(day)T12:00:00+00:00", "git", "commit", "-q", "--amend", "--no-edit"])
        #expect(result.status == 0, "\(result.stderr)")
    }

    static func findings(_ ws: GitSandbox) throws -> [[String: Any]] {
        let verify = try ws.gate("verify", "--format", "json")
        let object = try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any]
        return object?["findings"] as? [[String: Any]] ?? []
    }

    @Test func aTransitionThatReliedOnAWaiverExpiredAtItsCommitTimeIsFlagged() throws {
        let ws = try WaiverTests.workspace("waiver: {max_days: 30}")
        defer { ws.remove() }
        try ws.expectGate(["waive", "dns", "lint", "--reason", "short gap", "--expires", WaiverTests.day(3)])
        try ws.expectGate(["advance", "dns"])
        #expect(try Self.findings(ws).isEmpty)
        // The same transition, had it been committed a week later, relied on an expired waiver.
        try Self.redate(ws, to: WaiverTests.day(10))
        let findings = try Self.findings(ws)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?["rule"] as? String == "waiver-invalid", "\(findings)")
        let firstMessage = findings.first?["message"] as? String ?? ""
        #expect(firstMessage.contains("planning -> isolation relied on waiver"), "\(findings)")
        #expect(firstMessage.contains("expired \(WaiverTests.day(3))"), "\(findings)")
        #expect(try ws.gate("verify").status == 1)
    }

    @Test func aWarningFromACriterionAlreadyEffectiveAtTheTransitionIsFlagged() throws {
        let ws = try WaiverTests.workspace("effective: \(WaiverTests.day(5))")
        defer { ws.remove() }
        try ws.expectGate(["advance", "dns"])
        #expect(try Self.findings(ws).isEmpty)
        try Self.redate(ws, to: WaiverTests.day(5))
        let findings = try Self.findings(ws)
        #expect(findings.map { $0["rule"] as? String } == ["evidence-mismatch"], "\(findings)")
        let firstMessage = findings.first?["message"] as? String ?? ""
        #expect(firstMessage.contains("lint only warned"), "\(findings)")
    }

    @Test func incompleteWaiverTrailersAreFlagged() throws {
        let ws = try WaiverTests.workspace("waiver: {max_days: 30}")
        defer { ws.remove() }
        try ws.git(
            "commit", "-q", "--allow-empty", "-m",
            "half a waiver\n\nGate-Waiver-Service: dns\nGate-Waiver-Validator: lint")
        let findings = try Self.findings(ws)
        #expect(findings.map { $0["rule"] as? String } == ["waiver-invalid"], "\(findings)")
        let firstMessage = findings.first?["message"] as? String ?? ""
        #expect(firstMessage.contains("make no waiver"), "\(findings)")
        // …and it waives nothing.
        #expect(try ws.gate("check", "dns").status == 1)
        // A waiver file written by hand, without waiver trailers.
        let handmade = try ws.commit(
            ["services/dns/waivers/lint.yaml": "expires: 2099-01-01\n"], message: "waive by file")
        let later = try Self.findings(ws).filter { $0["commit"] as? String == handmade }
        #expect(later.map { $0["rule"] as? String } == ["waiver-outside-gate"], "\(later)")
        #expect(try ws.gate("check", "dns").status == 1, "a file is no waiver")
    }

    @Test func aWaiverOrApprovalThatRepeatsATrailerCountsAsNoneAndIsFlagged() throws {
        let ws = try WaiverTests.workspace("waiver: {max_days: 30}")
        defer { ws.remove() }
        let day = WaiverTests.day(3)
        try ws.write(
            "services/dns/waivers/lint.yaml", "service: dns\nphase: planning\nvalidator: lint\nexpires: \(day)\n")
        try ws.git("add", "-A")
        let trailers = [
            "Gate-Waiver-Service: dns", "Gate-Waiver-Phase: planning", "Gate-Waiver-Validator: style",
            "Gate-Waiver-Validator: lint", "Gate-Waiver-Expires: \(day)", "Gate-Waiver-Owner: red@example.org",
            "Gate-Waiver-Reason: one", "Signed-off-by: Red Team <red@example.org>",
        ]
        try ws.git("commit", "-q", "-m", "gate(dns): waive style\n\n" + trailers.joined(separator: "\n"))
        // git's readers show both validators, style first; last-wins would waive lint.
        #expect(
            try ws.git("log", "-1", "--format=%(trailers:key=Gate-Waiver-Validator,valueonly,separator=%x2C)")
                == "style,lint")
        #expect(try ws.gate("check", "dns").status == 1, "an ambiguous waiver waives nothing")
        let findings = try Self.findings(ws)
        #expect(
            findings.contains {
                $0["rule"] as? String == "waiver-invalid"
                    && ($0["message"] as? String ?? "").contains("repeats trailer(s) Gate-Waiver-Validator")
            }, "\(findings)")
        // The same waiver naming lint once counts.
        let single = trailers.filter { $0 != "Gate-Waiver-Validator: style" }
        try ws.git("commit", "-q", "--amend", "-m", "gate(dns): waive lint\n\n" + single.joined(separator: "\n"))
        #expect(try ws.gate("check", "dns").status == 0)
        #expect(try Self.findings(ws).isEmpty)
        // An approval repeating Gate-Service is flagged too.
        try ws.git(
            "commit", "-q", "--allow-empty", "-m",
            "gate(dns): approve\n\nGate-Service: dns\nGate-Service: mail\nGate-Phase: planning\nGate-Approval: qa")
        let approval = try Self.findings(ws)
        #expect(
            approval.map { $0["rule"] as? String } == ["approval-outside-gate"]
                && (approval.first?["message"] as? String ?? "").contains("repeats trailer(s) Gate-Service"),
            "\(approval)")
    }

    @Test func waiversAreSignedWhenSigningIsOnAndUnsignedOnesAreFlagged() throws {
        let keys = try SigningAuditTests.Keys()
        defer { keys.remove() }
        let ws = try SigningAuditTests.sshWorkspace(keys)
        defer { ws.remove() }
        // image-present sits in the isolation gate, where waivers are allowed by default (30 days).
        let waived = try ws.gate(
            "waive", "dns", "image-present", "--phase", "isolation", "--reason", "image built later",
            "--expires", WaiverTests.day(5))
        #expect(waived.status == 0, "\(waived.stderr)")
        let check = try ws.run("git", ["verify-commit", "HEAD"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try ws.gate("verify", "--require-signatures").status == 0)
        try ws.git(
            "-c", "commit.gpgsign=false", "commit", "-q", "--allow-empty", "-m",
            """
            unsigned waiver

            Gate-Waiver-Service: dns
            Gate-Waiver-Phase: isolation
            Gate-Waiver-Validator: sigterm
            Gate-Waiver-Expires: \(WaiverTests.day(5))
            Gate-Waiver-Owner: test@example.com
            Gate-Waiver-Reason: not signed
            """)
        let result = try ws.gate("verify", "--require-signatures")
        #expect(result.status == 1)
        #expect(result.stdout.contains("unsigned"), "\(result.stdout)")
        #expect(result.stdout.contains("waiver of sigterm (isolation)"), "\(result.stdout)")
        let history = try ws.gate("history", "dns", "--format", "json")
        #expect(history.stdout.contains("\"kind\" : \"waive\""), "\(history.stdout)")
    }
}
