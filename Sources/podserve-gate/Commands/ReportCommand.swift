import ArgumentParser
import Engine
import Foundation
import Support

/// `report [--out FILE] [--ref REV]`: one self-contained HTML page of the board, timelines, time in phase,
/// baseline trends, combinations and approvals, read from one commit.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "One self-contained HTML page: board, verify, timelines, time in phase, baseline trends, combinations, approvals.",
        discussion: """
            Everything is read from one commit (HEAD, or --ref) and its history, never from the work tree or the \
            clock: the same commit and options give the same bytes. The page has inline CSS and SVG only (no \
            script, no network). Without --out the page goes to standard output. Exit 0 when written, also when \
            verify has findings (the page shows them).
            """)

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Option(
        help: ArgumentHelp(
            "Write the page to this file (replaced atomically) instead of standard output.", valueName: "file"))
    var out: String?
    @Option(help: "Report on this revision instead of HEAD.")
    var ref: String?
    @Flag(
        help:
            "Check every transition's signature (runs ssh-keygen or gpg per signed transition), as history --signatures."
    )
    var signatures = false
    @Option(
        name: .customLong("allowed-signers"), help: "SSH allowed-signers file (default: gpg.ssh.allowedSignersFile).")
    var allowedSigners: String?

    func run() throws {
        try runReporting {
            let workspace = try Workspace.open(at: globals.workingDirectory)
            let repo = workspace.repo
            guard let tip = try ref.map({ try repo.resolveCommit($0) }) ?? repo.head().commit else {
                printErr("podserve-gate: error: nothing to report: the repository has no commits yet; commit first")
                return ExitCodes.environment
            }
            let checker =
                signatures
                ? try SignatureChecker(repo: repo, runner: SystemProcessRunner(), allowedSigners: allowedSigners) : nil
            let report = try InsightsBuilder(workspace: workspace, checkingSignaturesWith: checker).build(tip: tip)
            let page = Data(ReportHTML(report: report).render().utf8)
            guard let out else {
                StandardStreams.out(page)
                return 0
            }
            let path = out.hasPrefix("/") ? out : globals.workingDirectory + "/" + out
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                printErr(
                    "podserve-gate: error: cannot write the report to \(path): the folder \(folder) does not exist; "
                        + "create it or choose another --out path")
                return ExitCodes.environment
            }
            do {
                try page.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                printErr(
                    "podserve-gate: error: cannot write the report to \(path): \(error.localizedDescription); "
                        + "choose a writable --out path")
                return ExitCodes.environment
            }
            if !globals.quiet {
                printErr(
                    "report: \(report.board.count) service(s), \(report.audit.findings.count) verify finding(s) -> \(path)"
                )
            }
            return 0
        }
    }
}
