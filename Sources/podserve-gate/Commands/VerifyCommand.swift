import ArgumentParser
import Engine
import Foundation
import Support

/// `verify`: audits that every state in history was reached through legal, evidenced (and signed) transitions.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Audit that every state in history was reached through legal, evidenced transitions.",
        discussion: """
            Rules: state-outside-gate, skipped-phase, evidence-mismatch, checklist-incomplete, \
            evidence-outside-gate, approval-outside-gate, unlisted-approver, inputs-mismatch, and with \
            --require-signatures unsigned, bad-signature, unknown-signer. Exit 0 when clean, 1 on any finding. \
            Verified tips are cached under the git directory; a later run audits only the new commits when the \
            cached tip is an ancestor (see README); --no-cache verifies everything.
            """)

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Option(help: "Audit the history reachable from this revision (default HEAD).")
    var ref: String?
    @Flag(name: .customLong("require-signatures"), help: "Transition and approval commits must be validly signed.")
    var requireSignatures = false
    @Option(
        name: .customLong("allowed-signers"), help: "SSH allowed-signers file (default: gpg.ssh.allowedSignersFile).")
    var allowedSigners: String?
    @Option(help: "table or json.")
    var format: OutputFormat = .table
    @Flag(
        name: .customLong("no-cache"),
        help: "Verify the whole history, ignoring (and then refreshing) the verification cache.")
    var noCache = false

    func run() throws {
        try runReporting {
            let workspace = try Workspace.open(at: globals.workingDirectory)
            let repo = workspace.repo
            guard let tip = try ref.map({ try repo.resolveCommit($0) }) ?? repo.head().commit else {
                printOut(
                    format == .json ? "{\"clean\" : true, \"findings\" : []}" : "nothing to verify: no commits yet")
                return 0
            }
            let checker =
                requireSignatures
                ? try SignatureChecker(repo: repo, runner: SystemProcessRunner(), allowedSigners: allowedSigners) : nil
            let verifier = Verifier(repo: repo, requireSignaturesWith: checker)
            // Signatures depend on keyrings outside history: with --require-signatures every run is a full one.
            let (report, use) = try VerifyCache(repo: repo).audit(
                verifier, tip: tip, options: "signatures=\(requireSignatures)", useCache: !noCache && !requireSignatures
            )
            if globals.verbose {
                switch use {
                case .full(let reason): printErr("verify: full audit (\(reason))")
                case .incremental(let from, let count):
                    printErr(
                        "verify: incremental: \(count) new commit(s) on top of verified \(from.prefix(12)) (cache)")
                }
            }
            switch format {
            case .json:
                printOut(try jsonText(report))
            case .table, .markdown:
                if !report.findings.isEmpty {
                    let table = Table(
                        headers: ["commit", "service", "rule", "finding"], rows: Self.rows(report.findings))
                    printOut(format == .markdown ? table.markdown() : table.text())
                }
                printOut(Self.summary(report))
            }
            return report.clean ? 0 : ExitCodes.gateFailed
        }
    }

    static func rows(_ findings: [AuditFinding]) -> [[String]] {
        findings.map { [String($0.commit.prefix(12)), $0.service.text, $0.rule.rawValue, $0.message] }
    }

    static func summary(_ report: AuditReport) -> String {
        let scope =
            "\(report.commitsWalked) commit(s), \(report.transitions) transition(s), \(report.approvals) approval(s)"
        return report.clean
            ? "verify: clean (\(scope))"
            : "verify: \(report.findings.count) finding(s) in \(scope)"
    }
}
