import Foundation
import Testing

@testable import Engine

/// The audit's pure parts: path classes, evidence judging, gpg status lines, ranges, baseline deltas, approver keys.
@Suite struct AuditRulesTests {
    @Test func servicePathsAreClassified() {
        #expect(ServicePath("services/dns/state.yaml") == .state(service: "dns"))
        #expect(
            ServicePath("services/dns/evidence/1-planning.json") == .evidence(service: "dns", name: "1-planning.json"))
        #expect(
            ServicePath("services/dns/checklists/2-isolation.md") == .checklist(service: "dns", name: "2-isolation.md"))
        #expect(
            ServicePath("services/dns/approvals/isolation/a@x.yaml")
                == .approval(service: "dns", phase: "isolation", name: "a@x.yaml"))
        #expect(ServicePath("services/dns/service.yaml") == .other(service: "dns"))
        #expect(ServicePath("gates/1-planning.yaml") == nil)
        #expect(ServicePath("services/README.md") == nil)
    }

    @Test func passingEvidenceHasNoProblems() {
        let json =
            #"{"service":"dns","phase":"isolation","passed":true,"validators":[{"id":"a","status":"pass"},{"id":"b","status":"skip"}]}"#
        #expect(EvidenceJudge.problems(Data(json.utf8), service: "dns", phase: .isolation).isEmpty)
    }

    @Test func failingOrForeignEvidenceIsNamed() {
        let json =
            #"{"service":"mail","phase":"planning","passed":false,"validators":[{"id":"a","status":"fail"},{"id":"b","passed":false}]}"#
        let problems = EvidenceJudge.problems(Data(json.utf8), service: "dns", phase: .isolation)
        #expect(problems.count == 4)
        #expect(problems.joined().contains("'mail'"))
        #expect(problems.joined().contains("a, b failed"))
        #expect(
            EvidenceJudge.problems(Data("[1]".utf8), service: "dns", phase: .isolation) == ["it is not a JSON object"])
    }

    @Test func gpgStatusLinesDecideTheVerdict() {
        let good = """
            [GNUPG:] NEWSIG
            [GNUPG:] GOODSIG 1234567890ABCDEF Test Person <test@example.com>
            [GNUPG:] VALIDSIG AAAABBBBCCCCDDDDEEEEFFFF1234567890ABCDEF 2024-01-01 0 4 0 22 10 00 AAAA
            """
        let verdict = SignatureChecker.openPGPVerdict(status: good, stderr: "")
        #expect(verdict.status == .good)
        #expect(verdict.signer == "Test Person <test@example.com>")
        #expect(verdict.key == "AAAABBBBCCCCDDDDEEEEFFFF1234567890ABCDEF")
        #expect(SignatureChecker.openPGPVerdict(status: "[GNUPG:] BADSIG 1234 Someone", stderr: "").status == .bad)
        let missing = "[GNUPG:] ERRSIG 1234567890ABCDEF 22 10 00 1700000000 9 -\n[GNUPG:] NO_PUBKEY 1234567890ABCDEF"
        #expect(SignatureChecker.openPGPVerdict(status: missing, stderr: "").status == .unknownSigner)
        #expect(SignatureChecker.openPGPVerdict(status: "", stderr: "gpg: no valid OpenPGP data").status == .bad)
    }

    @Test func rangesSplitIntoBaseAndHead() throws {
        #expect(try Review.parseRange("main") == ("main", "HEAD"))
        #expect(try Review.parseRange("main..feature") == ("main", "feature"))
        #expect(try Review.parseRange("origin/main...HEAD") == ("origin/main", "HEAD"))
        #expect(try Review.parseRange("main..") == ("main", "HEAD"))
        #expect(throws: AuditError.self) { try Review.parseRange("") }
        #expect(throws: AuditError.self) { try Review.parseRange("..x") }
    }

    @Test func baselineDeltasCompareEveryNumericMetric() {
        let old =
            #"{"validators":[{"id":"startup-time","metrics":{"median_ms":200,"note":"x"}},{"id":"memory","metrics":{"peak_bytes":100}}]}"#
        let new = #"{"validators":[{"id":"startup-time","metrics":{"median_ms":250,"p95_ms":300}}]}"#
        let deltas = Review.deltas(old: Data(old.utf8), new: Data(new.utf8))
        #expect(
            deltas.map { "\($0.validator).\($0.metric)" } == [
                "memory.peak_bytes", "startup-time.median_ms", "startup-time.p95_ms",
            ])
        #expect(deltas[1].changePercent == 25)
        #expect(deltas[0].new == nil)
        #expect(deltas[2].old == nil)
    }

    @Test func approversMatchByEmailOrKey() {
        #expect(ApprovalCheck.normalized("Ada <Ada@Example.org>") == "ada@example.org")
        let listed: Set<String> = ["ada@example.org", "sha256:abc", "90abcdef12345678"]
        #expect(ApprovalCheck.keyMatches("SHA256:abc", listed))
        #expect(ApprovalCheck.keyMatches("AAAABBBB1234567890ABCDEF12345678", listed))
        #expect(!ApprovalCheck.keyMatches("SHA256:zzz", listed))
        #expect(!ApprovalCheck.keyMatches(nil, listed))
    }
}
