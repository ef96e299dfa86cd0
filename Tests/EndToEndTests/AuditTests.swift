import Foundation
import TestSupport
import Testing

/// `verify`, `history`, `review`, `reopen` and `approve` as a user runs them, on histories written by the tool
/// and then tampered with through the plain git CLI.
@Suite(.blocking) struct AuditTests {
    /// A workspace where the tool created dns and advanced it planning -> isolation.
    static func advancedDNS() throws -> GitSandbox {
        let ws = try GitSandbox.workspace()
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        try ws.expectGate(["advance", "dns"])
        return ws
    }

    static func rules(_ result: GitCLIResult) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]] ?? []
        return findings.compactMap { $0["rule"] as? String }
    }

    @Test func honestHistoryWithMergesVerifiesClean() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        try ws.git("switch", "-q", "-c", "feature")
        try ws.expectGate(["new", "mail", "--depends-on", "dns"])
        try ws.preparePlanning("mail", dependsOn: ["dns"])
        try ws.expectGate(["advance", "mail"])
        try ws.git("switch", "-q", "main")
        try ws.expectGate(["advance", "dns"])
        try ws.commit(["notes.md": "main work\n"], message: "notes")
        try ws.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature")
        try ws.git("switch", "-q", "-c", "second")
        try ws.expectGate(["reopen", "dns", "--to", "planning", "--reason", "image changed"])
        try ws.git("switch", "-q", "main")
        try ws.git("merge", "-q", "--no-ff", "-m", "merge second", "second")

        let verify = try ws.gate("verify")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("verify: clean"))
        let json = try ws.gate("verify", "--format", "json")
        #expect(try Self.rules(json).isEmpty)

        let history = try ws.gate("history")
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("planning -> isolation"))
        #expect(history.stdout.contains("unsigned"))
        let rows =
            try JSONSerialization.jsonObject(with: Data(try ws.gate("history", "--format", "json").stdout.utf8))
            as? [[String: Any]]
        #expect(rows?.count == 5)
        #expect(
            rows?.compactMap { $0["kind"] as? String }.sorted() == ["advance", "advance", "create", "create", "reopen"])
        let mailOnly = try ws.gate("history", "mail", "--format", "markdown")
        #expect(mailOnly.stdout.contains("| mail |"))
        #expect(!mailOnly.stdout.contains("| dns |"))
        #expect(try ws.gate("history", "Bad Name").status == 2)
    }

    @Test func stateEditedByHandIsStateOutsideGate() throws {
        let ws = try Self.advancedDNS()
        defer { ws.remove() }
        try ws.commit(["services/dns/state.yaml": "phase: production\n"], message: "skip ahead")
        let result = try ws.gate("verify")
        #expect(result.status == 1)
        #expect(result.stdout.contains("state-outside-gate"), "\(result.stdout)")
        #expect(result.stdout.contains("isolation -> production"))
        #expect(try Self.rules(try ws.gate("verify", "--format", "json")) == ["state-outside-gate"])
    }

    /// A `Gate-Service` trailer that is no service name (a path, empty) is reported with its text as written, in
    /// the table, the JSON and `history`, and the commands exit as for any finding (1), never crash (issue 15).
    @Test(arguments: ["../../etc", ""])
    func trailersNamingNoValidServiceAreReportedAsWritten(_ name: String) throws {
        let ws = try Self.advancedDNS()
        defer { ws.remove() }
        try ws.commit(
            ["notes.md": "n\n"],
            message: "gate(x)\n\nGate-Service: \(name)\nGate-From: isolation\nGate-To: performance\n")
        let table = try ws.gate("verify")
        #expect(table.status == 1, "\(table.stdout)\(table.stderr)")
        #expect(table.stdout.contains("does not change services/\(name)/state.yaml"), "\(table.stdout)")
        let json = try ws.gate("verify", "--format", "json")
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]] ?? []
        #expect(findings.compactMap { $0["rule"] as? String } == ["state-outside-gate"])
        #expect(findings.compactMap { $0["service"] as? String } == [name], "\(json.stdout)")
        let history = try ws.gate("history", "--format", "json")
        #expect(history.status == 0, "\(history.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]]
        #expect(rows?.last?["service"] as? String == name, "\(history.stdout)")
        #expect(rows?.last?["kind"] as? String == "advance")
        #expect(try ws.gate("status").status == 0)
    }

    @Test func forgedTrailersWithWrongEvidenceAreEvidenceMismatch() throws {
        let ws = try Self.advancedDNS()
        defer { ws.remove() }
        let wrong = try ws.git("rev-parse", "HEAD:services/dns/evidence/1-planning.json")
        try ws.forgeTransition("dns", from: "isolation", to: "performance", evidenceID: wrong)
        let result = try ws.gate("verify", "--format", "json")
        #expect(result.status == 1)
        #expect(try Self.rules(result) == ["evidence-mismatch"], "\(result.stdout)")
    }

    /// Gate-Evidence must be the evidence blob's whole id: an abbreviated one (a prefix) is a mismatch.
    @Test func anAbbreviatedGateEvidenceIdIsEvidenceMismatch() throws {
        let ws = try Self.advancedDNS()
        defer { ws.remove() }
        let full = try ws.git("rev-parse", "HEAD:services/dns/evidence/1-planning.json")
        let message = try ws.git("log", "-1", "--format=%B")
        #expect(message.contains("Gate-Evidence: \(full)"), "\(message)")
        try ws.git(
            "commit", "--amend", "-q", "-m", message.replacingOccurrences(of: full, with: String(full.prefix(12))))
        let result = try ws.gate("verify", "--format", "json")
        #expect(result.status == 1, "\(result.stdout)")
        #expect(try Self.rules(result) == ["evidence-mismatch"], "\(result.stdout)")
    }

    /// A transition naming its target twice is ambiguous (git's readers show both values, the tool would take the
    /// last): verify refuses it even when the last value matches the state.
    @Test func aRepeatedGateToTrailerIsRefusedEvenWhenTheLastOneMatches() throws {
        let ws = try Self.advancedDNS()
        defer { ws.remove() }
        let message = try ws.git("log", "-1", "--format=%B")
        #expect(message.contains("Gate-To: isolation\n"), "\(message)")
        try ws.git(
            "commit", "--amend", "-q", "-m",
            message.replacingOccurrences(of: "Gate-To: isolation\n", with: "Gate-To: ready\nGate-To: isolation\n"))
        let result = try ws.gate("verify", "--format", "json")
        #expect(result.status == 1, "\(result.stdout)")
        #expect(try Self.rules(result) == ["state-outside-gate"], "\(result.stdout)")
        #expect(result.stdout.contains("repeats trailer(s) Gate-To"), "\(result.stdout)")
    }

    @Test func evidenceRewrittenLaterIsEvidenceOutsideGate() throws {
        let ws = try Self.advancedDNS()
        defer { ws.remove() }
        let path = "services/dns/evidence/1-planning.json"
        let text = try #require(ws.read(path))
        try ws.commit([path: text.replacingOccurrences(of: "\"pass\"", with: "\"pass\" ")], message: "tidy evidence")
        let result = try ws.gate("verify", "--format", "json")
        #expect(result.status == 1)
        #expect(try Self.rules(result) == ["evidence-outside-gate"])
    }

    @Test func skippedPhaseIsReported() throws {
        let ws = try Self.advancedDNS()
        defer { ws.remove() }
        try ws.forgeTransition("dns", from: "isolation", to: "combination")
        let result = try ws.gate("verify")
        #expect(result.status == 1)
        #expect(result.stdout.contains("skipped-phase"), "\(result.stdout)")
        #expect(result.stdout.contains("skips performance, integration-planning"))
    }

    @Test func untickedManualItemInATransitionIsChecklistIncomplete() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.commit(["services/dns/service.yaml": GitSandbox.completePlan("dns")], message: "plan without sign-off")
        try ws.forgeTransition("dns", from: "planning", to: "isolation", tick: false)
        let result = try ws.gate("verify", "--format", "json")
        #expect(result.status == 1)
        #expect(try Self.rules(result) == ["checklist-incomplete"], "\(result.stdout)")
    }

    @Test func mergeThatInventsAStateIsStateOutsideGate() throws {
        let ws = try Self.advancedDNS()
        defer { ws.remove() }
        try ws.git("switch", "-q", "-c", "side")
        try ws.commit(["side.md": "s\n"], message: "side work")
        try ws.git("switch", "-q", "main")
        try ws.commit(["main.md": "m\n"], message: "main work")
        try ws.git("merge", "-q", "--no-ff", "--no-commit", "side")
        try ws.write("services/dns/state.yaml", "phase: production\n")
        try ws.git("add", "services/dns/state.yaml")
        try ws.git("commit", "-q", "-m", "merge side")
        let result = try ws.gate("verify")
        #expect(result.status == 1)
        #expect(result.stdout.contains("state-outside-gate"))
        #expect(result.stdout.contains("merge invents a state"), "\(result.stdout)")
    }

    @Test func reopenRefusesForwardUnknownAndEmptyAndRecordsTheReason() throws {
        let ws = try Self.advancedDNS()
        defer { ws.remove() }
        let head = try ws.git("rev-parse", "HEAD")
        #expect(try ws.gate("reopen", "dns", "--to", "performance", "--reason", "x").status == 2)
        #expect(try ws.gate("reopen", "dns", "--to", "isolation", "--reason", "x").status == 2)
        #expect(try ws.gate("reopen", "dns", "--to", "bogus", "--reason", "x").status == 2)
        #expect(try ws.gate("reopen", "dns", "--to", "planning", "--reason", "  ").status == 2)
        #expect(try ws.git("rev-parse", "HEAD") == head)
        let result = try ws.gate("reopen", "dns", "--to", "planning", "--reason", "image digest changed")
        #expect(result.status == 0, "\(result.stderr)")
        let trailers = try ws.git(["interpret-trailers", "--parse"], input: try ws.git("log", "-1", "--format=%B"))
        #expect(trailers.contains("Gate-Reason: image digest changed"))
        #expect(trailers.contains("Gate-From: isolation"))
        #expect(trailers.contains("Gate-To: planning"))
        #expect(try ws.gate("verify").status == 0)
        #expect(try ws.gate("history", "dns").stdout.contains("reopen"))
    }

    @Test func reviewSummarisesABranch() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.git("switch", "-q", "-c", "feature")
        try ws.preparePlanning("dns")
        try ws.expectGate(["advance", "dns"])
        let markdown = try ws.gate("review", "main..feature")
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.contains("### dns: planning → isolation"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("**Evidence** `services/dns/evidence/1-planning.json`"))
        #expect(markdown.stdout.contains("verify: clean"))
        #expect(markdown.stdout.contains("by Test Person <test@example.com>"))
        let json = try ws.gate("review", "main", "--format", "json")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let services = object?["services"] as? [[String: Any]] ?? []
        #expect(services.first?["old_phase"] as? String == "planning")
        #expect(services.first?["new_phase"] as? String == "isolation")
        let ticked = services.first?["ticked"] as? [[String: Any]] ?? []
        #expect(
            ticked.contains {
                ($0["automated"] as? Bool) == false && ($0["by"] as? String)?.contains("Test Person") == true
            })
        #expect(ticked.contains { ($0["automated"] as? Bool) == true })
        #expect(object?["commits"] as? Int == 2)
        #expect(try ws.gate("review", "nope..feature").status == 2)
        try ws.commit(["services/dns/state.yaml": "phase: ready\n"], message: "shortcut")
        let dirty = try ws.gate("review", "main..feature")
        #expect(dirty.status == 1)
        #expect(dirty.stdout.contains("state-outside-gate"))
    }

    @Test func preReceiveHookRejectsPushesThatVerifyRejects() throws {
        let server = try GitSandbox(bare: true)
        defer { server.remove() }
        let hook = server.root + "/hooks/pre-receive"
        try FileManager.default.copyItem(atPath: GateCLI.packageRoot + "/examples/hooks/pre-receive", toPath: hook)
        let ws = try Self.advancedDNS()
        defer { ws.remove() }
        try ws.git("remote", "add", "origin", server.root)
        let push = { try ws.run("env", ["PODSERVE_GATE=\(GateCLI.binary)", "git", "push", "-q", "origin", "main"]) }
        let good = try push()
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stderr.contains("podserve-gate: refs/heads/main verified (full audit"), "\(good.stderr)")
        try ws.commit(["services/dns/state.yaml": "phase: ready\n"], message: "shortcut")
        let bad = try push()
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("state-outside-gate"), "\(bad.stderr)")
        #expect(try server.git("rev-parse", "main") == ws.git("rev-parse", "HEAD~1"))
        // The hook keeps its audit repository, and so its verify cache: the next push audits only what it adds,
        // although its objects arrived in a quarantine folder that did not exist when the cache was written.
        try ws.git("reset", "-q", "--hard", "HEAD~1")
        try ws.commit(["notes.txt": "x\n"], message: "unrelated")
        let next = try push()
        #expect(next.status == 0, "\(next.stderr)")
        #expect(next.stderr.contains("verified (incremental: 1 new commit(s)"), "\(next.stderr)")
        #expect(try server.git("rev-parse", "main") == ws.git("rev-parse", "HEAD"))
    }

    @Test func approvalsAreRecordedCountedAndAudited() throws {
        let ws = try Self.advancedDNS()
        defer { ws.remove() }
        let gate = try #require(ws.read("gates/2-isolation.yaml"))
        try ws.commit(
            [
                "gates/2-isolation.yaml": gate
                    + "approvals: {role: security, required: 1, approvers: [\"Test Person <test@example.com>\"]}\n"
            ],
            message: "isolation needs a security sign-off")
        #expect(try ws.gate("approve", "dns", "--role", "operations").status == 2)
        let result = try ws.gate("approve", "dns")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1 of 1 security approval(s)"), "\(result.stdout)")
        let trailers = try ws.git(["interpret-trailers", "--parse"], input: try ws.git("log", "-1", "--format=%B"))
        #expect(trailers.contains("Gate-Approval: security"))
        #expect(trailers.contains("Gate-Phase: isolation"))
        #expect(ws.read("services/dns/approvals/isolation/test@example.com.yaml")?.contains("role: security") == true)
        #expect(try ws.gate("approve", "dns").status == 2)
        #expect(try ws.porcelain().isEmpty)
        let clean = try ws.gate("verify")
        #expect(clean.status == 0, "\(clean.stdout)")
        #expect(clean.stdout.contains("1 approval(s)"))
        try ws.commit(
            ["services/dns/approvals/isolation/boss@example.com.yaml": "role: security\n"],
            message: "approve for the boss")
        #expect(try Self.rules(try ws.gate("verify", "--format", "json")) == ["approval-outside-gate"])
    }
}

extension GitSandbox {
    /// Runs the tool and fails the test (throws) unless it exits 0.
    func expectGate(_ arguments: [String]) throws {
        let result = try gate(arguments)
        guard result.status == 0 else { throw AuditTestFailure(command: ["podserve-gate"] + arguments, result: result) }
    }

    /// A transition written by hand with the git CLI: state, passing evidence of the phase left (blob id in
    /// `Gate-Evidence` unless `evidenceID` overrides it) and trailers. The manual items are ticked (unless `tick`
    /// is false) in a sign-off commit before it, as a person does, or in the transition itself with `tickInTransition`.
    func forgeTransition(
        _ service: String, from: String, to: String, evidenceID: String? = nil, tick: Bool = true,
        tickInTransition: Bool = false
    ) throws {
        let number =
            [
                "planning": 1, "isolation": 2, "performance": 3, "integration-planning": 4, "combination": 5,
                "production": 6,
            ][from] ?? 0
        let evidence = "services/\(service)/evidence/\(number)-\(from).json"
        let checklist = "services/\(service)/checklists/\(number)-\(from).md"
        if tick || tickInTransition { try tickManualItems(checklist) }
        if tick && !tickInTransition, try !git("status", "--porcelain", "--", checklist).isEmpty {
            try git("add", checklist)
            try git("commit", "-q", "-m", "\(service): \(from) sign-off")
        }
        try write(
            evidence,
            #"{"service":"\#(service)","phase":"\#(from)","passed":true,"validators":[{"id":"v","status":"pass"}]}"#
                + "\n")
        try write("services/\(service)/state.yaml", "phase: \(to)\n")
        try git("add", "services/\(service)")
        let id = try evidenceID ?? git("hash-object", evidence)
        let message = """
            gate(\(service)): \(from) -> \(to)

            Gate-Service: \(service)
            Gate-From: \(from)
            Gate-To: \(to)
            Gate-Evidence: \(id)
            Signed-off-by: Test Person <test@example.com>
            """
        try git("commit", "-q", "-m", message)
    }
}

/// A helper command of an audit test exited non-zero.
struct AuditTestFailure: Error, CustomStringConvertible {
    let command: [String]
    let result: GitCLIResult
    var description: String {
        "\(command.joined(separator: " ")) exited \(result.status): \(result.stderr)\(result.stdout)"
    }
}
