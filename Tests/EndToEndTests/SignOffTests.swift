import Foundation
import TestSupport
import Testing

/// Issue 9 part 4, "sign-offs cannot be dodged": a checklist keeps every item of its gate's template, a
/// transition never ticks a manual item itself, and a reopen withdraws the sign-offs it invalidates — each
/// reproduction run with real git against the real binary, and each forged history caught by `verify`.
@Suite(.blocking) struct SignOffTests {
    static let planning = "services/dns/checklists/1-planning.md"
    static let liveness = "Liveness and readiness really differ"
    static let dependents = "Dependents reviewed"

    /// The 1-based line of `gates/1-planning.yaml` that holds `text`, as the gate file was written by `init`.
    static func gateLine(_ ws: GitSandbox, _ text: String, file: String = "gates/1-planning.yaml") throws -> Int {
        let lines = try #require(ws.read(file)).components(separatedBy: "\n")
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    /// The ways a person could dodge the planning sign-off by editing the checklist before committing it.
    enum Dodge: String, CaseIterable, CustomTestStringConvertible {
        case deleteSignOffItems, autoTagAManualItem, emptyTheFile, rewordAnItem
        var testDescription: String { rawValue }

        /// The checklist text after the dodge, from the text `new` wrote.
        func apply(_ text: String) -> String {
            let lines = text.components(separatedBy: "\n")
            switch self {
            case .deleteSignOffItems:
                return lines.filter { !$0.contains(SignOffTests.liveness) && !$0.contains(SignOffTests.dependents) }
                    .joined(separator: "\n")
            case .autoTagAManualItem:
                return lines.map { line in
                    guard line.contains("- [ ]"), !line.contains("`auto:") else { return line }
                    return line.contains(SignOffTests.liveness)
                        ? line + " `auto:plan-complete`" : line.replacingOccurrences(of: "- [ ]", with: "- [x]")
                }.joined(separator: "\n")
            case .emptyTheFile:
                return ""
            case .rewordAnItem:
                return lines.map { line in
                    guard line.contains("- [ ]"), !line.contains("`auto:") else { return line }
                    let ticked = line.replacingOccurrences(of: "- [ ]", with: "- [x]")
                    return ticked.replacingOccurrences(of: "really differ as they should", with: "differ")
                }.joined(separator: "\n")
            }
        }

        /// The template item the gate must name first (its text in the gate file).
        var namedItem: String {
            switch self {
            case .deleteSignOffItems, .autoTagAManualItem, .rewordAnItem: return SignOffTests.liveness
            case .emptyTheFile: return "**Service scope definition**"
            }
        }
    }

    @Test(arguments: Dodge.allCases)
    func anAlteredChecklistFailsCheckAndAdvanceNamingTheTemplateLine(dodge: Dodge) throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.write("services/dns/service.yaml", GitSandbox.completePlan("dns"))
        try ws.write(Self.planning, dodge.apply(try #require(ws.read(Self.planning))))
        try ws.git("add", "services/dns")
        try ws.git("commit", "-q", "-m", "plan dns, checklist \(dodge.rawValue)")
        let head = try ws.git("rev-parse", "HEAD")
        let line = try Self.gateLine(ws, dodge.namedItem)

        let check = try ws.gate("check", "dns")
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("gates/1-planning.yaml:\(line): template item"), "\(check.stdout)")
        let advance = try ws.gate("advance", "dns")
        #expect(advance.status == 1, "\(advance.stdout)\(advance.stderr)")
        #expect(advance.stdout.contains("gates/1-planning.yaml:\(line): template item"), "\(advance.stdout)")
        #expect(
            advance.stdout.contains(
                dodge == .autoTagAManualItem ? "is re-tagged in \(Self.planning)" : "is missing from \(Self.planning)"),
            "\(advance.stdout)")
        #expect(advance.stdout.contains("FAIL checklist: gates/1-planning.yaml:\(line)"), "\(advance.stdout)")
        #expect(advance.stdout.contains("checklist problem(s)"), "\(advance.stdout)")
        // CI sees the same verdict: the JUnit checklist testcase fails and JSON lists the problem.
        let junit = ws.root + "/../junit-\(dodge.rawValue).xml"
        defer { try? FileManager.default.removeItem(atPath: junit) }
        #expect(try ws.gate("check", "dns", "--junit", junit).status == 1)
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("name=\"manual-checklist\"><failure message=\""), "\(xml)")
        #expect(xml.contains("checklist problem(s)"), "\(xml)")
        let json = try ws.gate("check", "dns", "--format", "json")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let problems = object?["definition_problems"] as? [String] ?? []
        #expect(problems.first?.hasPrefix("gates/1-planning.yaml:\(line): template item") == true, "\(json.stdout)")
        // The board says what blocks it.
        let status = try ws.gate("status", "dns", "--format", "json")
        #expect(status.stdout.contains("template item(s) missing or altered in the checklist"), "\(status.stdout)")
        // Nothing committed, nothing written.
        #expect(try ws.git("rev-parse", "HEAD") == head)
        #expect(try ws.git("show", "HEAD:services/dns/state.yaml").hasSuffix("phase: planning"))
        #expect(try ws.porcelain().isEmpty)
        #expect(try ws.git("ls-tree", "-r", "--name-only", "HEAD", "services/dns/evidence").isEmpty)
    }

    @Test func aChecklistWithExtraItemsInAnotherOrderStillPasses() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.write("services/dns/service.yaml", GitSandbox.completePlan("dns"))
        var lines = try #require(ws.read(Self.planning)).components(separatedBy: "\n")
        let first = try #require(lines.firstIndex { $0.contains(Self.liveness) })
        lines.insert(
            lines.remove(at: first), at: try #require(lines.firstIndex { $0.contains("## Planning checklist") }) + 2)
        lines.append("- [ ] Our own extra item: the zone file is reviewed by the DNS team")
        try ws.write(Self.planning, lines.joined(separator: "\n"))
        try ws.tickManualItems(Self.planning)
        try ws.git("add", "services/dns")
        try ws.git("commit", "-q", "-m", "plan dns")
        let advance = try ws.gate("advance", "dns")
        #expect(advance.status == 0, "\(advance.stdout)\(advance.stderr)")
        #expect(try ws.git("show", "HEAD:services/dns/state.yaml").hasSuffix("phase: isolation"))
        #expect(try ws.gate("verify").status == 0)
        #expect(!(try ws.gate("status", "dns").stdout.contains("template item(s)")))
    }

    @Test func reopenWithdrawsManualTicksOfThatPhaseAndEveryLaterOne() throws {
        let ws = try AuditTests.advancedDNS()
        defer { ws.remove() }
        // Sign-offs already given in phase 2 (and one prepared in phase 6) are withdrawn too.
        let isolation = "services/dns/checklists/2-isolation.md"
        let production = "services/dns/checklists/6-production.md"
        try ws.tickManualItems(isolation)
        try ws.tickManualItems(production)
        try ws.git("commit", "-q", "-am", "dns: isolation sign-off")
        let autoTicksBefore = try ws.git("show", "HEAD:\(Self.planning)").components(separatedBy: "\n")
            .filter { $0.contains("- [x]") && $0.contains("`auto:") }
        #expect(!autoTicksBefore.isEmpty)

        let reopen = try ws.gate("reopen", "dns", "--to", "planning", "--reason", "targets were wrong")
        #expect(reopen.status == 0, "\(reopen.stderr)")
        let written = try ws.git("show", "--name-only", "--format=", "HEAD").split(separator: "\n").map(String.init)
            .sorted()
        #expect(written == [Self.planning, isolation, production, "services/dns/state.yaml"].sorted())
        for path in [Self.planning, isolation, production] {
            let lines = try ws.git("show", "HEAD:\(path)").components(separatedBy: "\n")
            #expect(!lines.contains { $0.contains("- [x]") && !$0.contains("`auto:") }, "\(path) keeps a manual tick")
        }
        // Automated ticks are the gate's business, not a sign-off: they stay as they were.
        let autoTicksAfter = try ws.git("show", "HEAD:\(Self.planning)").components(separatedBy: "\n")
            .filter { $0.contains("- [x]") && $0.contains("`auto:") }
        #expect(autoTicksAfter == autoTicksBefore)
        #expect(try ws.porcelain().isEmpty)
        #expect(try ws.gate("verify").status == 0)

        // The old sign-off no longer counts: advance waits for a new one.
        let head = try ws.git("rev-parse", "HEAD")
        let blocked = try ws.gate("advance", "dns")
        #expect(blocked.status == 1, "\(blocked.stdout)")
        #expect(blocked.stdout.contains("TODO \(Self.planning):"), "\(blocked.stdout)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
        #expect(try ws.porcelain().isEmpty)
        try ws.tickManualItems(Self.planning)
        try ws.git("commit", "-q", "-am", "dns: planning sign-off again")
        let passed = try ws.gate("advance", "dns")
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(try ws.git("show", "HEAD:services/dns/state.yaml").hasSuffix("phase: isolation"))
        let verify = try ws.gate("verify")
        #expect(verify.status == 0, "\(verify.stdout)")
    }

    @Test func reopenRefusesAChecklistItWouldRewriteWhenItHasUncommittedEdits() throws {
        let ws = try AuditTests.advancedDNS()
        defer { ws.remove() }
        let head = try ws.git("rev-parse", "HEAD")
        try ws.tickManualItems("services/dns/checklists/2-isolation.md")
        let reopen = try ws.gate("reopen", "dns", "--to", "planning", "--reason", "targets were wrong")
        #expect(reopen.status == 2, "\(reopen.stdout)\(reopen.stderr)")
        #expect(reopen.stderr.contains("services/dns/checklists/2-isolation.md differs from HEAD"), "\(reopen.stderr)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
        #expect(try ws.porcelain() == [" M services/dns/checklists/2-isolation.md"])
    }

    // MARK: verify over histories forged with the git CLI

    @Test func aTransitionThatTicksAManualItemItselfIsManualTickInTransition() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.commit(["services/dns/service.yaml": GitSandbox.completePlan("dns")], message: "plan without sign-off")
        try ws.forgeTransition("dns", from: "planning", to: "isolation", tickInTransition: true)
        let result = try ws.gate("verify", "--format", "json")
        #expect(result.status == 1)
        #expect(try AuditTests.rules(result) == ["manual-tick-in-transition"], "\(result.stdout)")
        let text = try ws.gate("verify")
        #expect(
            text.stdout.contains("ticks 2 manual item(s) of \(Self.planning) in the transition commit itself"),
            "\(text.stdout)")
    }

    @Test func aTransitionThatTicksAnotherPhasesManualItemIsManualTickInTransition() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        // The forged advance signs off phase 2 as well, inside the transition commit.
        try ws.tickManualItems("services/dns/checklists/2-isolation.md")
        try ws.forgeTransition("dns", from: "planning", to: "isolation")
        #expect(
            try ws.git("show", "--name-only", "--format=", "HEAD").contains("services/dns/checklists/2-isolation.md"))
        let result = try ws.gate("verify", "--format", "json")
        #expect(try AuditTests.rules(result) == ["manual-tick-in-transition"], "\(result.stdout)")
    }

    @Test func newNeverWritesATickedManualItemEvenWhenTheTemplateDoes() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        try ws.commit(
            [
                "gates/1-planning.yaml": gate.replacingOccurrences(
                    of: "  - [ ] Dependents reviewed", with: "  - [x] Dependents reviewed")
            ],
            message: "a template with a pre-ticked sign-off")
        try ws.expectGate(["new", "dns"])
        let created = try ws.git("show", "HEAD:\(Self.planning)")
        #expect(created.contains("- [ ] Dependents reviewed"), "\(created)")
        #expect(!created.contains("- [x]"))
        #expect(try ws.gate("verify").status == 0)
        // A hand-made creation that keeps the template's tick is a sign-off nobody gave.
        try ws.git("rm", "-q", "-r", "services/dns")
        try ws.git("commit", "-q", "-m", "drop dns")
        try ws.write(
            Self.planning,
            created.replacingOccurrences(of: "- [ ] Dependents reviewed", with: "- [x] Dependents reviewed"))
        try ws.write("services/dns/state.yaml", "phase: planning\n")
        try ws.git("add", "services/dns")
        try ws.git(
            "commit", "-q", "-m",
            "gate(dns): none -> planning\n\nGate-Service: dns\nGate-From: none\nGate-To: planning\n")
        let result = try ws.gate("verify", "--format", "json")
        #expect(try AuditTests.rules(result).contains("manual-tick-in-transition"), "\(result.stdout)")
    }

    @Test func aTransitionThatDropsAnOpenManualItemIsChecklistIncomplete() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        let extra = "- [ ] Zone file reviewed by the DNS team"
        // The template's sign-offs are given; a sign-off of the team's own is still open.
        try ws.tickManualItems(Self.planning)
        try ws.commit(
            [
                "services/dns/service.yaml": GitSandbox.completePlan("dns"),
                Self.planning: try #require(ws.read(Self.planning)) + extra + "\n",
            ], message: "plan, with a sign-off of our own")
        // The tool refuses: the extra item is pending.
        #expect(try ws.gate("advance", "dns").status == 1)
        // A forged transition drops it instead of ticking it.
        try ws.write(
            Self.planning, try #require(ws.read(Self.planning)).replacingOccurrences(of: extra + "\n", with: ""))
        try ws.forgeTransition("dns", from: "planning", to: "isolation", tick: false)
        let result = try ws.gate("verify", "--format", "json")
        #expect(try AuditTests.rules(result) == ["checklist-incomplete"], "\(result.stdout)")
        #expect(try ws.gate("verify").stdout.contains("after removing 1 unticked manual item(s)"))
    }

    @Test func aVerifyCacheWrittenWithoutTheseRulesIsNotTrusted() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.commit(["services/dns/service.yaml": GitSandbox.completePlan("dns")], message: "plan without sign-off")
        try ws.forgeTransition("dns", from: "planning", to: "isolation", tickInTransition: true)
        #expect(try ws.gate("verify").status == 1)
        // Rewrite the cache as a build without the sign-off rules would have written it: same tool version and
        // options, no rule ids in the key, and a clean report for this very tip.
        let path = ws.root + "/.git/podserve-gate/verify-cache.json"
        var file = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var entries = try #require(file["entries"] as? [[String: Any]])
        #expect(!entries.isEmpty)
        for index in entries.indices {
            let key = try #require(entries[index]["key"] as? String)
            entries[index]["key"] = key.replacingOccurrences(of: #" \[[^\]]*\]"#, with: "", options: .regularExpression)
            #expect(entries[index]["key"] as? String != key, "the key names the rules: \(key)")
            var report = try #require(entries[index]["report"] as? [String: Any])
            report["findings"] = []
            report["clean"] = true
            entries[index]["report"] = report
        }
        file["entries"] = entries
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: path))
        let again = try ws.gate("verify", "--verbose")
        #expect(again.status == 1, "\(again.stdout)\(again.stderr)")
        #expect(again.stderr.contains("full audit"), "\(again.stderr)")
        #expect(again.stdout.contains("manual-tick-in-transition"), "\(again.stdout)")
    }

    @Test(arguments: [Dodge.deleteSignOffItems, .autoTagAManualItem, .rewordAnItem, .emptyTheFile])
    func anAdvanceOverAnAlteredChecklistIsChecklistAltered(dodge: Dodge) throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        let altered = dodge.apply(try #require(ws.read(Self.planning)))
        try ws.commit(
            ["services/dns/service.yaml": GitSandbox.completePlan("dns"), Self.planning: altered],
            message: "plan dns, checklist \(dodge.rawValue)")
        try ws.forgeTransition("dns", from: "planning", to: "isolation", tick: false)
        let result = try ws.gate("verify", "--format", "json")
        #expect(result.status == 1)
        #expect(try AuditTests.rules(result) == ["checklist-altered"], "\(result.stdout)")
        let line = try Self.gateLine(ws, dodge.namedItem)
        #expect(try ws.gate("verify").stdout.contains("gates/1-planning.yaml:\(line): template item"))
    }

    @Test func theTemplateJudgedIsTheGateFileInTheTransitionsParent() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.commit(["services/dns/service.yaml": GitSandbox.completePlan("dns")], message: "plan")
        // A new template item lands after the checklist was written: the next transition needs it.
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        let added = gate.replacingOccurrences(
            of: "  ## Sign-off\n\n", with: "  ## Sign-off\n\n  - [ ] Backup plan written for SERVICE\n")
        #expect(added != gate)
        try ws.commit(["gates/1-planning.yaml": added], message: "planning asks for a backup plan")
        let head = try ws.git("rev-parse", "HEAD")
        try ws.tickManualItems(Self.planning)
        try ws.git("commit", "-q", "-am", "sign-off")
        let advance = try ws.gate("advance", "dns")
        #expect(advance.status == 1)
        #expect(advance.stdout.contains("\"Backup plan written for dns\" is missing"), "\(advance.stdout)")
        try ws.forgeTransition("dns", from: "planning", to: "isolation")
        #expect(try AuditTests.rules(try ws.gate("verify", "--format", "json")) == ["checklist-altered"])
        #expect(try ws.git("rev-list", "--count", "\(head)..HEAD") == "2")
    }

    @Test func aReopenThatKeepsManualTicksIsReopenKeptSignOff() throws {
        let ws = try AuditTests.advancedDNS()
        defer { ws.remove() }
        try ws.write("services/dns/state.yaml", "phase: planning\n")
        try ws.git("add", "services/dns/state.yaml")
        try ws.git(
            "commit", "-q", "-m",
            """
            gate(dns): isolation -> planning

            Gate-Service: dns
            Gate-From: isolation
            Gate-To: planning
            Gate-Reason: targets were wrong
            Signed-off-by: Test Person <test@example.com>
            """)
        let result = try ws.gate("verify", "--format", "json")
        #expect(result.status == 1)
        #expect(try AuditTests.rules(result) == ["reopen-kept-signoff"], "\(result.stdout)")
        let text = try ws.gate("verify")
        #expect(
            text.stdout.contains("reopens to planning but keeps 2 manual tick(s) in \(Self.planning)"), "\(text.stdout)"
        )
    }
}
