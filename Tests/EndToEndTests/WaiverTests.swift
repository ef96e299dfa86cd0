import Foundation
import TestSupport
import Testing

/// Waivers (`waive`/`unwaive`/`approve --waiver`), dated criteria and `--as-of`, on real git with a failing
/// `kind: command` validator in the planning gate (the cheapest failing validator: no container needed).
@Suite(.blocking) struct WaiverTests {
    /// `YYYY-MM-DD` of today (UTC) plus `days`.
    static func day(_ days: Int) -> String {
        let formatter = DateFormatter()
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(Double(days) * 86_400))
    }

    /// A workspace whose planning gate also runs `lint` (always fails) with `settings` (e.g. a `waiver:` block),
    /// and optionally `strict` (always fails, no waiver settings: the planning default forbids waiving it);
    /// its checklist template gets an `auto:lint` item. dns is created and its plan prepared.
    static func workspace(_ settings: String, strict: Bool = false) throws -> GitSandbox {
        let ws = try GitSandbox.workspace()
        try ws.write("gates/checks/lint.sh", "#!/bin/sh\necho 'lint: 3 problems'\nexit 1\n")
        _ = try ws.run("chmod", ["+x", ws.root + "/gates/checks/lint.sh"])
        try ws.git("add", "gates/checks/lint.sh")
        try ws.git("update-index", "--chmod=+x", "gates/checks/lint.sh")
        var gate = try #require(ws.read("gates/1-planning.yaml"))
        var entry =
            "validators:\n  - id: lint\n    kind: command\n    command: [gates/checks/lint.sh]\n    timeout: 10s\n"
        entry += settings.split(separator: "\n").map { "    \($0)\n" }.joined()
        if strict {
            entry += "  - id: strict\n    kind: command\n    command: [gates/checks/lint.sh]\n    timeout: 10s\n"
        }
        gate = gate.replacingOccurrences(of: "validators:\n", with: entry)
        gate = gate.replacingOccurrences(
            of: "## Planning checklist\n\n",
            with: "## Planning checklist\n\n  - [ ] **Lint**: the plan lints clean `auto:lint`\n")
        try ws.write("gates/1-planning.yaml", gate)
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "planning gate lints")
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        return ws
    }

    /// Parsed trailers of a commit, read by git itself.
    static func trailers(_ ws: GitSandbox, _ rev: String = "HEAD") throws -> String {
        try ws.git(["interpret-trailers", "--parse"], input: try ws.git("log", "-1", "--format=%B", rev) + "\n")
    }

    /// A waiver commit written by hand with the git CLI, committed at `date` (GIT_COMMITTER_DATE and GIT_AUTHOR_DATE).
    @discardableResult
    static func forgeWaiver(
        _ ws: GitSandbox, validator: String, expires: String, date: String, files: [String: String] = [:],
        extra: String = ""
    ) throws -> String {
        for (path, content) in files {
            try ws.write(path, content)
            try ws.git("add", path)
        }
        let message = """
            waive \(validator) by hand

            Gate-Waiver-Service: dns
            Gate-Waiver-Phase: planning
            Gate-Waiver-Validator: \(validator)
            Gate-Waiver-Expires: \(expires)
            Gate-Waiver-Owner: test@example.com
            Gate-Waiver-Reason: forged for a test\(extra)
            """
        let result = try ws.run(
            "env",
            [
                "GIT_COMMITTER_DATE=\(date)", "GIT_AUTHOR_DATE=\(date)", "git", "commit", "-q",
                "--allow-empty", "-m", message,
            ])
        #expect(result.status == 0, "\(result.stderr)")
        return try ws.git("rev-parse", "HEAD")
    }

    @Test func aFailingValidatorPassesTheGateOnlyUnderAValidWaiver() throws {
        let ws = try Self.workspace("waiver: {max_days: 30}")
        defer { ws.remove() }
        let before = try ws.gate("check", "dns")
        #expect(before.status == 1, "\(before.stdout)")
        #expect(before.stdout.contains("FAIL lint"), "\(before.stdout)")

        let expires = Self.day(10)
        let waived = try ws.gate(
            "waive", "dns", "lint", "--reason", "linter bug, upstream fix in 2.4", "--expires", expires)
        #expect(waived.status == 0, "\(waived.stdout)\(waived.stderr)")
        // The waiver commit only adds the visible waiver file; it never touches state.yaml.
        #expect(try ws.git("diff", "--name-only", "HEAD~1", "HEAD") == "services/dns/waivers/lint.yaml")
        let trailers = try Self.trailers(ws)
        for line in [
            "Gate-Waiver-Service: dns", "Gate-Waiver-Validator: lint", "Gate-Waiver-Expires: \(expires)",
            "Gate-Waiver-Owner: test@example.com", "Gate-Waiver-Reason: linter bug, upstream fix in 2.4",
            "Signed-off-by: Test Person <test@example.com>",
        ] {
            #expect(trailers.contains(line), "\(trailers)")
        }
        let waiverCommit = try ws.git("rev-parse", "HEAD")

        let passing = try ws.gate("check", "dns")
        #expect(passing.status == 0, "\(passing.stdout)")
        #expect(passing.stdout.contains("WAIV lint"), "\(passing.stdout)")
        #expect(passing.stdout.contains("waived by \(waiverCommit.prefix(12)) until \(expires)"), "\(passing.stdout)")
        #expect(passing.stdout.contains("auto: item stays unticked"), "\(passing.stdout)")
        #expect(passing.stdout.contains("NOTE services/dns/checklists/1-planning.md:"), "\(passing.stdout)")
        #expect(
            passing.stdout.contains(
                "`auto:lint` stays unticked: lint failed, waived by \(waiverCommit.prefix(12)) until \(expires)"),
            "\(passing.stdout)")
        // After the expiry day the same gate fails as if the waiver never existed.
        let later = try ws.gate("check", "dns", "--as-of", Self.day(11))
        #expect(later.status == 1, "\(later.stdout)")
        #expect(later.stdout.contains("FAIL lint"), "\(later.stdout)")
        #expect(later.stdout.contains("expired \(expires)"), "\(later.stdout)")
        #expect(try ws.gate("check", "dns", "--as-of", expires).status == 0)

        let advanced = try ws.gate("advance", "dns")
        #expect(advanced.status == 0, "\(advanced.stdout)\(advanced.stderr)")
        let evidence = try #require(ws.read("services/dns/evidence/1-planning.json"))
        #expect(evidence.contains("\"status\" : \"waived\""), "\(evidence)")
        #expect(try ws.git("log", "-1", "--format=%b").contains("1 waived."))
        #expect(evidence.contains("\"commit\" : \"\(waiverCommit)\""), "\(evidence)")
        let checklist = try #require(ws.read("services/dns/checklists/1-planning.md"))
        #expect(checklist.contains("- [ ] **Lint**: the plan lints clean `auto:lint`"), "\(checklist)")
        #expect(checklist.contains("- [x] **Dependencies**: every service in depends_on exists"), "\(checklist)")
        let verify = try ws.gate("verify")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func theGateFailsAfterTheExpiryOfAWaiverWrittenInThePast() throws {
        let ws = try Self.workspace("waiver: {max_days: 30}")
        defer { ws.remove() }
        // Committed on 2026-01-05 (not the wall clock), expiring 2026-01-20.
        let waiver = try Self.forgeWaiver(
            ws, validator: "lint", expires: "2026-01-20", date: "2026-01-05T12:00:00+00:00")
        let during = try ws.gate("check", "dns", "--as-of", "2026-01-10")
        #expect(during.status == 0, "\(during.stdout)")
        #expect(during.stdout.contains("waived by \(waiver.prefix(12))"), "\(during.stdout)")
        #expect(try ws.gate("check", "dns", "--as-of", "2026-01-20").status == 0)
        let after = try ws.gate("check", "dns", "--as-of", "2026-01-21")
        #expect(after.status == 1, "\(after.stdout)")
        #expect(after.stdout.contains("does not count (expired 2026-01-20)"), "\(after.stdout)")
        // Before it was written it did not count either.
        #expect(try ws.gate("check", "dns", "--as-of", "2026-01-04").status == 1)
        // A valid hand-written waiver is not a finding.
        let verify = try ws.gate("verify")
        #expect(verify.status == 0, "\(verify.stdout)")
        #expect(try ws.gate("check", "dns", "--as-of", "2026-13-01").status == 2)
    }

    @Test func waiveRefusesWhatWouldNotCountAndVerifyFlagsTheSameForgedByHand() throws {
        let ws = try Self.workspace(
            "waiver: {max_days: 30, approvals: {role: qa, required: 1, approvers: [qa@example.com]}}", strict: true)
        defer { ws.remove() }
        let forbidden = try ws.gate("waive", "dns", "strict", "--reason", "x", "--expires", Self.day(5))
        #expect(forbidden.status == 2)
        #expect(
            forbidden.stderr.contains("gates/1-planning.yaml does not allow waiving this validator"),
            "\(forbidden.stderr)")
        let tooLong = try ws.gate("waive", "dns", "lint", "--reason", "x", "--expires", Self.day(40))
        #expect(tooLong.status == 2)
        #expect(tooLong.stderr.contains("beyond max_days 30"), "\(tooLong.stderr)")
        let unapproved = try ws.gate("waive", "dns", "lint", "--reason", "x", "--expires", Self.day(5))
        #expect(unapproved.status == 2)
        #expect(unapproved.stderr.contains("not approved: 0 of 1 qa approval(s)"), "\(unapproved.stderr)")
        #expect(unapproved.stderr.contains("podserve-gate approve dns --waiver lint"), "\(unapproved.stderr)")
        let past = try ws.gate("waive", "dns", "lint", "--reason", "x", "--expires", Self.day(-1))
        #expect(past.status == 2)
        for reason in ["Signed-off-by: Mallory <m@x>", "two\nlines", "tab\there", "--- cut here", "-- >8 --", "   "] {
            let bad = try ws.gate("waive", "dns", "lint", "--reason=\(reason)", "--expires", Self.day(5))
            #expect(bad.status == 2, "reason \(reason.debugDescription) was accepted")
            #expect(bad.stderr.contains("invalid --reason"), "\(bad.stderr)")
        }
        #expect(try ws.gate("waive", "dns", "lint", "--reason", "x", "--expires", "31.12.2026").status == 2)
        #expect(
            try ws.gate("waive", "dns", "lint", "--reason", "x", "--expires", Self.day(5), "--owner", "nobody").status
                == 2)
        #expect(try ws.git("log", "--format=%s").components(separatedBy: "\n").allSatisfy { !$0.contains("waive") })

        // Not a listed approver; then a listed one approves and the waiver is written.
        let stranger = try ws.gate("approve", "dns", "--waiver", "lint")
        #expect(stranger.status == 2, "\(stranger.stdout)\(stranger.stderr)")
        try ws.git("config", "user.email", "qa@example.com")
        try ws.expectGate(["approve", "dns", "--waiver", "lint"])
        let twice = try ws.gate("approve", "dns", "--waiver", "lint")
        #expect(twice.status == 2, "one approval per approver and waiver")
        #expect(
            twice.stderr.contains("already approved the next waiver of lint in the planning phase of dns"),
            "\(twice.stderr)")
        #expect(try ws.gate("approve", "dns", "--waiver", "lint", "--role", "security").status == 2)
        try ws.git("config", "user.email", "test@example.com")
        let approved = try ws.gate(
            "waive", "dns", "lint", "--reason", "approved gap", "--expires", Self.day(5), "--owner", "ops@example.com")
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(try Self.trailers(ws).contains("Gate-Waiver-Owner: ops@example.com"))
        let valid = try ws.git("rev-parse", "HEAD")
        #expect(try ws.gate("check", "dns").status == 1, "strict still fails: it is not waivable")
        #expect(try ws.gate("verify").status == 0)

        // The same refusals, forged by hand with the git CLI.
        let date = ISO8601DateFormatter().string(from: Date())
        let strict = try Self.forgeWaiver(ws, validator: "strict", expires: Self.day(5), date: date)
        let unapprovedLint = try Self.forgeWaiver(ws, validator: "lint", expires: Self.day(5), date: date)
        try ws.git("config", "user.email", "qa@example.com")
        try ws.expectGate(["approve", "dns", "--waiver", "lint"])
        let tooLongLint = try Self.forgeWaiver(ws, validator: "lint", expires: Self.day(45), date: date)
        try ws.expectGate(["approve", "dns", "--waiver", "lint"])
        let backdated = try Self.forgeWaiver(
            ws, validator: "lint", expires: "2026-01-01", date: "2026-02-01T00:00:00+00:00")
        try ws.git("config", "user.email", "test@example.com")
        let state = try Self.forgeWaiver(
            ws, validator: "lint", expires: Self.day(3), date: date,
            files: ["services/dns/state.yaml": "phase: isolation\n"])
        let verify = try ws.gate("verify", "--format", "json")
        #expect(verify.status == 1, "\(verify.stdout)")
        let findings =
            try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])["findings"]
            as? [[String: Any]] ?? []
        func rules(_ commit: String) -> [String] {
            findings.filter { $0["commit"] as? String == commit }.compactMap { $0["rule"] as? String }
        }
        #expect(rules(valid).isEmpty, "\(findings)")
        #expect(rules(strict) == ["waiver-invalid"], "\(findings)")
        #expect(rules(unapprovedLint) == ["waiver-invalid"], "\(findings)")
        #expect(rules(tooLongLint) == ["waiver-invalid"], "\(findings)")
        #expect(rules(backdated) == ["waiver-invalid"], "\(findings)")
        #expect(rules(state).contains("waiver-outside-gate"), "\(findings)")
        let messages = findings.compactMap { $0["message"] as? String }.joined(separator: "\n")
        #expect(messages.contains("does not allow waiving"), "\(messages)")
        #expect(messages.contains("not approved"), "\(messages)")
        #expect(messages.contains("beyond max_days 30"), "\(messages)")
        #expect(
            messages.contains("backdated: it expires 2026-01-01, before it was written (2026-02-01)"), "\(messages)")
    }

    @Test func unwaiveEndsAWaiverEarly() throws {
        let ws = try Self.workspace("waiver: {max_days: 10}")
        defer { ws.remove() }
        try ws.expectGate(["waive", "dns", "lint", "--reason", "temporary", "--expires", Self.day(3)])
        let waiver = try ws.git("rev-parse", "HEAD")
        #expect(try ws.gate("check", "dns").status == 0)
        let ended = try ws.gate("unwaive", "dns", "lint")
        #expect(ended.status == 0, "\(ended.stderr)")
        #expect(try Self.trailers(ws).contains("Gate-Waiver-Revoked: \(waiver)"))
        let after = try ws.gate("check", "dns")
        #expect(after.status == 1)
        #expect(after.stdout.contains("revoked by"), "\(after.stdout)")
        #expect(try ws.gate("unwaive", "dns", "lint").status == 2)
        #expect(try ws.gate("verify").status == 0)
    }

    @Test func aDatedCriterionWarnsBeforeItsDateAndBlocksFromIt() throws {
        let effective = Self.day(20)
        let ws = try Self.workspace("effective: \(effective)")
        defer { ws.remove() }
        let now = try ws.gate("check", "dns")
        #expect(now.status == 0, "\(now.stdout)")
        #expect(now.stdout.contains("WARN lint"), "\(now.stdout)")
        #expect(now.stdout.contains("effective from \(effective)"), "\(now.stdout)")
        #expect(try ws.gate("check", "dns", "--as-of", Self.day(19)).status == 0)
        let then = try ws.gate("check", "dns", "--as-of", effective)
        #expect(then.status == 1, "\(then.stdout)")
        #expect(then.stdout.contains("FAIL lint"), "\(then.stdout)")
        let board = try ws.gate("status", "--as-of", Self.day(1))
        #expect(board.stdout.contains("lint blocks from \(effective)"), "\(board.stdout)")
        let lookAhead = try ws.gate("status", "--as-of", effective)
        #expect(lookAhead.stdout.contains("lint blocks since \(effective)"), "\(lookAhead.stdout)")
        try ws.expectGate(["advance", "dns"])
        let evidence = try #require(ws.read("services/dns/evidence/1-planning.json"))
        #expect(evidence.contains("\"status\" : \"warn\""), "\(evidence)")
        #expect(try ws.gate("verify").status == 0)
    }

    /// The board shows the waivers in force in a service's current phase only: once dns has advanced past
    /// planning, its planning waiver of `lint` is history (`history` still lists it), not a waiver of the
    /// isolation gate's own `lint` (same id, waivable there too) that the board would show as in force.
    @Test func theBoardForgetsAWaiverOnceItsPhaseIsPassed() throws {
        let ws = try Self.workspace("waiver: {max_days: 30}")
        defer { ws.remove() }
        let isolation = try #require(ws.read("gates/2-isolation.yaml"))
        try ws.write(
            "gates/2-isolation.yaml",
            isolation.replacingOccurrences(
                of: "validators:\n",
                with: "validators:\n  - id: lint\n    kind: command\n    command: [gates/checks/lint.sh]\n"
                    + "    timeout: 10s\n    waiver: {max_days: 30}\n"))
        try ws.git("commit", "-qam", "isolation lints too")
        try ws.expectGate(["waive", "dns", "lint", "--reason", "known gap", "--expires", Self.day(7)])
        let before = try ws.gate("status", "--format", "json")
        #expect(before.stdout.contains("\"validator\" : \"lint\""), "\(before.stdout)")
        try ws.expectGate(["advance", "dns"])
        let board = try ws.gate("status")
        #expect(board.stdout.contains("isolation"), "\(board.stdout)")
        #expect(!board.stdout.contains("waiver lint expires"), "\(board.stdout)")
        let json = try ws.gate("status", "--format", "json")
        #expect(!json.stdout.contains("\"validator\" : \"lint\""), "\(json.stdout)")
        #expect(try ws.gate("history", "dns").stdout.contains("waive lint"))
    }

    @Test func statusListsWaiversExpiringSoonAndHistoryAndReviewShowWaivers() throws {
        let ws = try Self.workspace("waiver: {max_days: 30}")
        defer { ws.remove() }
        try ws.git("checkout", "-q", "-b", "gap")
        try ws.expectGate(["waive", "dns", "lint", "--reason", "known gap", "--expires", Self.day(7)])
        let waiver = try ws.git("rev-parse", "HEAD")
        let board = try ws.gate("status")
        #expect(board.stdout.contains("waiver lint expires \(Self.day(7))"), "\(board.stdout)")
        let json = try ws.gate("status", "--format", "json")
        #expect(json.stdout.contains("\"expires\" : \"\(Self.day(7))\""), "\(json.stdout)")
        #expect(!(try ws.gate("status", "--as-of", Self.day(-20)).stdout.contains("waiver lint expires")))
        #expect(!(try ws.gate("status", "--expiring-within", "3").stdout.contains("waiver lint expires")))
        #expect(try ws.gate("status", "--expiring-within", "7").stdout.contains("waiver lint expires"))
        let history = try ws.gate("history", "dns")
        #expect(history.stdout.contains("waive lint"), "\(history.stdout)")
        #expect(history.stdout.contains(String(waiver.prefix(12))), "\(history.stdout)")
        let review = try ws.gate("review", "main..gap")
        #expect(review.status == 0, "\(review.stdout)")
        #expect(review.stdout.contains("**Waivers**"), "\(review.stdout)")
        #expect(review.stdout.contains("`lint` until \(Self.day(7))"), "\(review.stdout)")
        #expect(review.stdout.contains("known gap"), "\(review.stdout)")
    }
}
