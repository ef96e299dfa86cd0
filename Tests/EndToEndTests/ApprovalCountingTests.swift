import Foundation
import TestSupport
import Testing

/// How approvals count towards a gate's `required:` (issue 15's missed mutations): each approver once, however
/// often (or in whatever letter case) they approve, and only approvals given since the service's last transition.
@Suite(.blocking) struct ApprovalCountingTests {
    static let twoOfTwo =
        "approvals: {role: architecture, required: 2, approvers: [test@example.com, boss@example.com]}\n"

    /// An approval commit forged with the git CLI, as a second `approve` by the same person would look.
    static func forgeApproval(_ ws: GitSandbox, signer: String, file: String) throws {
        try ws.write("services/dns/approvals/planning/\(file).yaml", "role: architecture\napprover: \(signer)\n")
        try ws.git("add", "services/dns/approvals")
        try ws.git(
            "commit", "-q", "-m",
            """
            gate(dns): approve planning as architecture

            Gate-Service: dns
            Gate-Phase: planning
            Gate-Approval: architecture
            Signed-off-by: \(signer)
            """)
    }

    @Test func oneApproverNeverCountsTwiceTowardsRequiredTwo() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.commit(
            ["gates/1-planning.yaml": try #require(ws.read("gates/1-planning.yaml")) + Self.twoOfTwo],
            message: "planning needs two architects")
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        try ws.expectGate(["approve", "dns", "--role", "architecture"])
        // The same approver again: once as written, once in another letter case.
        try Self.forgeApproval(ws, signer: "Test Person <test@example.com>", file: "again")
        try Self.forgeApproval(ws, signer: "Test Person <Test@Example.COM>", file: "Test@Example.COM")
        let head = try ws.git("rev-parse", "HEAD")
        let blocked = try ws.gate("advance", "dns")
        #expect(blocked.status == 1, "\(blocked.stdout)")
        #expect(
            blocked.stdout.contains("FAIL approvals: 1 of 2 architecture approval(s) for planning (test@example.com)"),
            "\(blocked.stdout)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
        // A second, different approver makes it two.
        try ws.git("config", "user.email", "boss@example.com")
        try ws.expectGate(["approve", "dns", "--role", "architecture"])
        let passed = try ws.gate("advance", "dns")
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(passed.stdout.contains("2 of 2 architecture approval(s)"), "\(passed.stdout)")
    }

    @Test func approvalsGivenBeforeAReopenDoNotCountAfterIt() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let rule = "approvals: {role: architecture, required: 1, approvers: [test@example.com]}\n"
        try ws.commit(
            ["gates/1-planning.yaml": try #require(ws.read("gates/1-planning.yaml")) + rule],
            message: "planning needs an architect")
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        try ws.expectGate(["approve", "dns", "--role", "architecture"])
        try ws.expectGate(["advance", "dns"])
        try ws.expectGate(["reopen", "dns", "--to", "planning", "--reason", "plan changed"])
        // The reopen withdrew the planning sign-off: give it again.
        try ws.tickManualItems("services/dns/checklists/1-planning.md")
        if try !ws.porcelain().isEmpty { try ws.git("commit", "-q", "-am", "dns: planning sign-off again") }
        let head = try ws.git("rev-parse", "HEAD")
        let blocked = try ws.gate("advance", "dns")
        #expect(blocked.status == 1, "\(blocked.stdout)")
        #expect(blocked.stdout.contains("FAIL approvals: 0 of 1 architecture approval(s)"), "\(blocked.stdout)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
        // A fresh approval after the reopen counts.
        try ws.expectGate(["approve", "dns", "--role", "architecture"])
        let passed = try ws.gate("advance", "dns")
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(try ws.gate("verify").status == 0)
    }

    @Test func anApprovalMergedInFromABranchThatNeverSawTheReopenDoesNotCount() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let rule = "approvals: {role: architecture, required: 1, approvers: [test@example.com, boss@example.com]}\n"
        try ws.commit(
            ["gates/1-planning.yaml": try #require(ws.read("gates/1-planning.yaml")) + rule],
            message: "planning needs an architect")
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        let planned = try ws.git("rev-parse", "HEAD")
        try ws.expectGate(["approve", "dns", "--role", "architecture"])
        try ws.expectGate(["advance", "dns"])
        try ws.expectGate(["reopen", "dns", "--to", "planning", "--reason", "plan changed"])
        // Later in time, but on a branch forked before the advance and the reopen: the boss approves the old plan.
        Thread.sleep(forTimeInterval: 1.1)
        try ws.git("switch", "-q", "-c", "side", planned)
        try ws.git("config", "user.email", "boss@example.com")
        try ws.expectGate(["approve", "dns", "--role", "architecture"])
        try ws.git("config", "user.email", "test@example.com")
        try ws.git("switch", "-q", "main")
        try ws.git("merge", "-q", "--no-ff", "-m", "merge side", "side")
        try ws.tickManualItems("services/dns/checklists/1-planning.md")
        if try !ws.porcelain().isEmpty { try ws.git("commit", "-q", "-am", "dns: planning sign-off again") }
        let blocked = try ws.gate("advance", "dns")
        #expect(blocked.status == 1, "\(blocked.stdout)")
        #expect(blocked.stdout.contains("FAIL approvals: 0 of 1 architecture approval(s)"), "\(blocked.stdout)")
        // The boss approves again, after the reopen: that counts.
        try ws.git("config", "user.email", "boss@example.com")
        try ws.expectGate(["approve", "dns", "--role", "architecture"])
        let passed = try ws.gate("advance", "dns")
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(passed.stdout.contains("(boss@example.com)"), "\(passed.stdout)")
    }

    /// Emails are compared without letter case: a listed approver whose git email is written in capitals counts.
    @Test func anApproverWhoseGitEmailDiffersInLetterCaseStillCounts() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let rule = "approvals: {role: architecture, required: 1, approvers: [boss@example.com]}\n"
        try ws.commit(
            ["gates/1-planning.yaml": try #require(ws.read("gates/1-planning.yaml")) + rule],
            message: "planning needs an architect")
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        try ws.git("config", "user.email", "Boss@Example.COM")
        try ws.expectGate(["approve", "dns", "--role", "architecture"])
        try ws.git("config", "user.email", "test@example.com")
        let passed = try ws.gate("advance", "dns")
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        #expect(
            passed.stdout.contains("1 of 1 architecture approval(s) for planning (boss@example.com)"),
            "\(passed.stdout)")
    }
}
