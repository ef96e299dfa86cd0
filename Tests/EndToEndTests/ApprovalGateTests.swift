import Foundation
import TestSupport
import Testing

/// A gate whose file asks for approvals passes only with enough valid ones since the last transition.
@Suite(.blocking) struct ApprovalGateTests {
    static let rule = "approvals: {role: architecture, required: 1, approvers: [test@example.com]}\n"

    @Test func planningGateWaitsForTheApproval() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.commit(
            ["gates/1-planning.yaml": try #require(ws.read("gates/1-planning.yaml")) + Self.rule],
            message: "planning needs an architect")
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        let blocked = try ws.gate("advance", "dns")
        #expect(blocked.status == 1)
        #expect(blocked.stdout.contains("FAIL approvals: 0 of 1 architecture approval(s)"), "\(blocked.stdout)")
        #expect(blocked.stdout.contains("podserve-gate approve dns --role architecture"))
        try ws.expectGate(["approve", "dns", "--role", "architecture"])
        let passed = try ws.gate("advance", "dns")
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        let evidence = try #require(ws.read("services/dns/evidence/1-planning.json"))
        #expect(evidence.contains("\"id\" : \"approvals\""))
        #expect(try ws.gate("verify").status == 0)
    }

    @Test func aForeignSignedApprovalDoesNotCountWhereSigningIsSetUp() throws {
        let keys = try SigningAuditTests.Keys()
        defer { keys.remove() }
        let ws = try SigningAuditTests.sshWorkspace(keys)
        defer { ws.remove() }
        try ws.commit(
            ["gates/1-planning.yaml": try #require(ws.read("gates/1-planning.yaml")) + Self.rule],
            message: "planning needs an architect")
        try ws.preparePlanning("dns")
        // The approval is signed with a key that is not in the allowed-signers file.
        let mallory = try keys.ssh("mallory", in: ws)
        try ws.git("config", "user.signingkey", mallory)
        try ws.expectGate(["approve", "dns", "--role", "architecture"])
        let blocked = try ws.gate("advance", "dns")
        #expect(blocked.status == 1, "\(blocked.stdout)")
        #expect(blocked.stdout.contains("FAIL approvals: 0 of 1"), "\(blocked.stdout)")
        #expect(blocked.stdout.contains("signatures checked"))
    }

    @Test func verifyReportsAnApprovalFromSomeoneTheGateDoesNotList() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        try ws.commit(
            [
                "gates/1-planning.yaml": gate
                    + "approvals: {role: architecture, required: 1, approvers: [boss@example.com]}\n"
            ],
            message: "planning needs the boss")
        try ws.expectGate(["new", "dns"])
        #expect(
            try ws.gate("approve", "dns", "--role", "architecture").status == 2, "approve refuses an unlisted approver")
        // Forged with the git CLI: an approval commit by someone the gate file does not list.
        try ws.write("services/dns/approvals/planning/test@example.com.yaml", "role: architecture\n")
        try ws.git("add", "services/dns/approvals")
        try ws.git(
            "commit", "-q", "-m",
            """
            approve(dns): planning as architecture

            Gate-Service: dns
            Gate-Phase: planning
            Gate-Approval: architecture
            Signed-off-by: Test Person <test@example.com>
            """)
        let result = try ws.gate("verify", "--format", "json")
        #expect(result.status == 1)
        #expect(try AuditTests.rules(result) == ["unlisted-approver"], "\(result.stdout)")
    }
}
