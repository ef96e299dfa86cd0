import Foundation
import TestSupport
import Testing

/// Issue 10 part 5: the short pass of tests/fuzz/fuzz.py against the real binary, from its fixed seed —
/// mutated plans, checklists, gate files, state files and transition messages; every run must exit 0, 1 or 2
/// within its time bound, never by a signal, under 150 MB, and every exit 2 must name its location.
/// The long pass is tests/fuzz/run-long.sh.
@Suite(.blocking) struct FuzzShortPassTests {
    @Test func shortPassHoldsEveryRule() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let script = GateCLI.packageRoot + "/tests/fuzz/fuzz.py"
        let run = try sandbox.run(
            "/usr/bin/python3",
            [
                script, "--binary", GateCLI.binary, "--cases", "240",
                "--out", sandbox.root + "/failures",
            ])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains(", 0 broke the rules"), "\(run.stdout)")
        let summary = try #require(
            run.stdout.split(separator: "\n").first { $0.hasPrefix("fuzz: seed ") }, "\(run.stdout)")
        #expect(summary.contains("240 cases"), "\(summary)")
        // Every kind of seed file was mutated, and errors (exit 2) were actually provoked and judged.
        for target in [
            "service.yaml", "dependent-plan", "checklist", "gate", "later-gate", "state.yaml", "commit-message",
        ] {
            #expect(run.stdout.contains("  \(target) "), "no \(target) cases: \(run.stdout)")
        }
        #expect(run.stdout.contains("exit 2:"), "\(run.stdout)")
    }
}
