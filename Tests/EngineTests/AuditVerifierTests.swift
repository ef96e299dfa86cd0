import Domain
import Foundation
import Git
import TestSupport
import Testing

@testable import Engine

/// Verifier and history over histories written entirely with the git CLI (no podserve-gate binary needed).
@Suite(.blocking) struct AuditVerifierTests {
    static let checklistPath = "services/dns/checklists/1-planning.md"
    static let checklist = "# planning\n\n- [x] scope `auto:plan-complete`\n- [x] sign-off by a person\n"
    /// The checklist as created, and after the person's sign-off commit (the gate ticks the automated item).
    static let created = "# planning\n\n- [ ] scope `auto:plan-complete`\n- [ ] sign-off by a person\n"
    static let signed = "# planning\n\n- [ ] scope `auto:plan-complete`\n- [x] sign-off by a person\n"

    static func evidence(_ service: String, _ phase: String, status: String = "pass") -> String {
        #"{"service":"\#(service)","phase":"\#(phase)","passed":\#(status == "pass"),"validators":[{"id":"plan-complete","status":"\#(status)"}]}"#
            + "\n"
    }

    /// A repository where dns was created, signed off and advanced planning -> isolation, honestly.
    static func honest() throws -> GitSandbox {
        let ws = try GitSandbox()
        try ws.commit(["README.md": "x\n"], message: "start")
        try ws.forge("dns", from: "none", to: "planning", files: [checklistPath: created])
        try ws.commit([checklistPath: signed], message: "dns: planning sign-off")
        try ws.forge(
            "dns", from: "planning", to: "isolation",
            files: ["services/dns/evidence/1-planning.json": evidence("dns", "planning"), checklistPath: checklist],
            evidencePath: "services/dns/evidence/1-planning.json")
        return ws
    }

    static func audit(_ ws: GitSandbox, ref: String = "HEAD") throws -> AuditReport {
        let repo = try Repository.discover(startingAt: ws.root)
        return try Verifier(repo: repo).audit(tip: try repo.resolveCommit(ref))
    }

    @Test func honestHistoryIsClean() throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        let report = try Self.audit(ws)
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(report.transitions == 2)
        #expect(report.commitsWalked == 4)
    }

    @Test func handEditedStateIsOutsideGate() throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        try ws.commit(["services/dns/state.yaml": "phase: ready\n"], message: "shortcut")
        let report = try Self.audit(ws)
        #expect(report.findings.map(\.rule) == [.stateOutsideGate])
        #expect(report.findings.first?.message.contains("isolation -> ready") == true)
    }

    @Test func trailersNamingAnotherMoveAreOutsideGate() throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        try ws.commit(
            ["services/dns/state.yaml": "phase: performance\n"],
            message: "gate(dns)\n\nGate-Service: dns\nGate-From: planning\nGate-To: performance\n")
        #expect(try Self.audit(ws).findings.map(\.rule) == [.stateOutsideGate])
    }

    @Test func trailersWithoutAStateChangeAreOutsideGate() throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        try ws.commit(
            ["notes.md": "n\n"], message: "gate(dns)\n\nGate-Service: dns\nGate-From: isolation\nGate-To: performance\n"
        )
        #expect(try Self.audit(ws).findings.map(\.rule) == [.stateOutsideGate])
    }

    /// A `Gate-Service` trailer that is no valid service name (a path, empty, upper case) is history to report, not
    /// input to refuse: the audit keeps the text as written in its finding (and its JSON), history shows the row
    /// as written, and nothing crashes or drops the commit.
    @Test(arguments: ["../../etc", "", "Mail", "a b"])
    func trailersNamingNoValidServiceAreReportedAsWritten(_ name: String) throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        try ws.commit(
            ["notes.md": "n\n"],
            message: "gate(x)\n\nGate-Service: \(name)\nGate-From: isolation\nGate-To: performance\n")
        let findings = try Self.audit(ws).findings
        #expect(findings.map(\.rule) == [.stateOutsideGate])
        let finding = try #require(findings.first)
        #expect(finding.service == .unrecognized(name))
        #expect(finding.message.contains("for \(name) but does not change services/\(name)/state.yaml"), "\(finding)")
        let json = String(decoding: try JSONEncoder().encode(finding), as: UTF8.self)
        let escaped = name.replacingOccurrences(of: "/", with: "\\/")
        #expect(json.contains(#""service":"\#(escaped)""#), "\(json)")
        let repo = try Repository.discover(startingAt: ws.root)
        let rows = try History(repo: repo).entries(from: try repo.resolveCommit("HEAD"))
        #expect(rows.last?.service == .unrecognized(name))
        #expect(rows.last?.kind == .known(.advance))
    }

    /// A state folder that is no valid name, moved by a transition naming it: every command refuses such a name
    /// before it writes anything, so no gate can have made the move, and the audit says so with the name's rule.
    @Test func aTransitionOfAFolderNoCommandAcceptsIsOutsideGate() throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        try ws.forge("Mail", from: "none", to: "planning", files: [:])
        let findings = try Self.audit(ws).findings
        #expect(findings.map(\.rule) == [.stateOutsideGate])
        #expect(findings.first?.service == .unrecognized("Mail"))
        #expect(
            findings.first?.message.contains("records none -> planning, but invalid service name 'Mail'") == true,
            "\(findings)")
    }

    @Test func failingEvidenceIsAMismatch() throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        try ws.forge(
            "dns", from: "isolation", to: "performance",
            files: ["services/dns/evidence/2-isolation.json": Self.evidence("dns", "isolation", status: "fail")],
            evidencePath: "services/dns/evidence/2-isolation.json")
        let findings = try Self.audit(ws).findings
        #expect(findings.map(\.rule) == [.evidenceMismatch])
        #expect(findings.first?.message.contains("plan-complete failed") == true)
    }

    @Test func evidenceOfAnotherServiceIsAMismatch() throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        try ws.forge(
            "dns", from: "isolation", to: "performance",
            files: ["services/dns/evidence/2-isolation.json": Self.evidence("mail", "isolation")],
            evidencePath: "services/dns/evidence/2-isolation.json")
        #expect(try Self.audit(ws).findings.map(\.rule) == [.evidenceMismatch])
    }

    /// A status this version does not know (forged, or from a newer tool) never backs a transition, nor does a
    /// `validators` field that is not a list of records: history is read as `.unrecognized`, not skipped over.
    @Test(arguments: [
        (#"[{"id":"plan-complete","status":"maybe"}]"#, "plan-complete ('maybe')"),
        (#"[{"id":"plan-complete","status":true}]"#, "plan-complete ('(not text)')"),
        (#""all passed""#, "not a list of validator records"),
        (#"[{"id":"plan-complete","status":"pass"}, 7]"#, "not a list of validator records"),
    ])
    func unreadableValidatorRecordsAreAMismatch(validators: String, named: String) throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        let forged = #"{"service":"dns","phase":"isolation","passed":true,"validators":\#(validators)}"# + "\n"
        try ws.forge(
            "dns", from: "isolation", to: "performance", files: ["services/dns/evidence/2-isolation.json": forged],
            evidencePath: "services/dns/evidence/2-isolation.json")
        let findings = try Self.audit(ws).findings
        #expect(findings.map(\.rule) == [.evidenceMismatch])
        #expect(findings.first?.message.contains(named) == true, "\(findings)")
    }

    @Test func reopenWithoutReasonIsASkippedPhase() throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        try ws.forge("dns", from: "isolation", to: "planning", files: [:])
        #expect(try Self.audit(ws).findings.map(\.rule) == [.skippedPhase])
    }

    @Test func reopenWithReasonIsLegal() throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        // A reopen withdraws the manual sign-off of the phase it returns to.
        try ws.forge(
            "dns", from: "isolation", to: "planning",
            files: [
                Self.checklistPath: Self.checklist.replacingOccurrences(
                    of: "- [x] sign-off", with: "- [ ] sign-off")
            ], reason: "image changed")
        #expect(try Self.audit(ws).findings.isEmpty)
        let repo = try Repository.discover(startingAt: ws.root)
        let rows = try History(repo: repo).entries(from: try repo.resolveCommit("HEAD"))
        #expect(rows.map(\.kind) == [.known(.create), .known(.advance), .known(.reopen)])
        #expect(rows.last?.reason == "image changed")
        #expect(rows.allSatisfy { $0.signature == .unsigned })
    }

    @Test func changedFilesMatchesGitDiff() throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        try ws.git("rm", "-q", "services/dns/evidence/1-planning.json")
        try ws.commit(
            [
                "services/dns/evidence/1-planning.json/x": "now a folder\n",
                "services/mail/state.yaml": "phase: planning\n",
            ],
            message: "reshape")
        try ws.git("rm", "-q", "services/dns/checklists/1-planning.md")
        try ws.git("commit", "-q", "-m", "remove")
        let repo = try Repository.discover(startingAt: ws.root)
        for (old, new) in [
            ("HEAD~4", "HEAD~3"), ("HEAD~3", "HEAD~2"), ("HEAD~2", "HEAD~1"), ("HEAD~1", "HEAD"), ("HEAD~3", "HEAD"),
        ] {
            let expected = try ws.git("diff", "--name-only", "--no-renames", old, new, "--", "services")
                .split(separator: "\n").map(String.init).sorted()
            let actual = try repo.changedFiles(
                from: try repo.treeID(at: "services", in: try repo.resolveCommit(old)),
                to: try repo.treeID(at: "services", in: try repo.resolveCommit(new)), prefix: "services")
            #expect(actual == expected, "\(old)..\(new)")
        }
    }

    @Test func rangeAuditOnlyLooksAtTheRange() throws {
        let ws = try Self.honest()
        defer { ws.remove() }
        try ws.commit(["services/dns/state.yaml": "phase: ready\n"], message: "shortcut")
        let base = try ws.git("rev-parse", "HEAD")
        try ws.commit(["other.md": "o\n"], message: "later")
        let repo = try Repository.discover(startingAt: ws.root)
        let report = try Verifier(repo: repo).audit(tip: try repo.resolveCommit("HEAD"), hiding: [try OID(hex: base)])
        #expect(report.commitsWalked == 1)
        #expect(report.findings.isEmpty)
    }
}

extension GitSandbox {
    /// Commits `services/<svc>/state.yaml` moved to `to` plus `files`, with gate trailers, through the git CLI.
    @discardableResult
    func forge(
        _ service: String, from: String, to: String, files: [String: String], evidencePath: String? = nil,
        evidenceOverride: String? = nil, reason: String? = nil
    ) throws -> String {
        var all = files
        all["services/\(service)/state.yaml"] = "# written by podserve-gate\nphase: \(to)\n"
        for (path, text) in all { try write(path, text) }
        var trailers = ["Gate-Service: \(service)", "Gate-From: \(from)", "Gate-To: \(to)"]
        if let evidencePath {
            let id = try evidenceOverride ?? git("hash-object", evidencePath)
            trailers.append("Gate-Evidence: \(id)")
        }
        if let reason { trailers.append("Gate-Reason: \(reason)") }
        trailers.append("Signed-off-by: Test Person <test@example.com>")
        for path in all.keys.sorted() { try git("add", "--", path) }
        try git("commit", "-q", "-m", "gate(\(service)): \(from) -> \(to)\n\n" + trailers.joined(separator: "\n"))
        return try git("rev-parse", "HEAD")
    }
}
