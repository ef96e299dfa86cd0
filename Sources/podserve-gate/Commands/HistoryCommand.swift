import ArgumentParser
import Domain
import Engine
import Foundation
import Support

/// `history [<svc>]`: the readiness history from git, every transition oldest first.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The readiness history from git: time, service, from -> to, signer, signature, evidence, commit.",
        discussion: """
            Follows merges (every parent). The signature column reads `signed`/`unsigned` from the commit alone; \
            with --signatures each signature is checked (good, bad, unknown-signer) the way verify does.
            """)

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "Only this service's transitions.")
    var service: String?
    @Option(help: "table, json, markdown or csv.")
    var format: HistoryFormat = .table
    @Option(help: "Read history from this revision instead of HEAD.")
    var ref: String?
    @Flag(help: "Check every signature (runs ssh-keygen or gpg per signed transition).")
    var signatures = false
    @Option(
        name: .customLong("allowed-signers"), help: "SSH allowed-signers file (default: gpg.ssh.allowedSignersFile).")
    var allowedSigners: String?

    func run() throws {
        try runReporting {
            let workspace = try Workspace.open(at: globals.workingDirectory)
            let repo = workspace.repo
            let name = try service.map { try ServiceName($0) }
            guard let tip = try ref.map({ try repo.resolveCommit($0) }) ?? repo.head().commit else {
                switch format {
                case .json: printOut("[]")
                case .csv: StandardStreams.out(CSV.text(headers: Self.csvHeaders, rows: []))
                case .table, .markdown: printOut("no commits yet")
                }
                return 0
            }
            let checker =
                signatures
                ? try SignatureChecker(repo: repo, runner: SystemProcessRunner(), allowedSigners: allowedSigners) : nil
            let entries = try History(repo: repo, checkingSignaturesWith: checker).entries(
                from: tip, service: name, waivers: true)
            switch format {
            case .json:
                printOut(try jsonText(entries))
            case .csv:
                // Written as is: every line already ends in CRLF (printOut would add a newline after it).
                StandardStreams.out(CSV.text(headers: Self.csvHeaders, rows: entries.map(Self.csvRow)))
            case .table, .markdown:
                guard !entries.isEmpty else {
                    printOut(service.map { "no transitions of \($0)" } ?? "no transitions yet")
                    return 0
                }
                let table = Table(
                    headers: ["time", "service", "from -> to", "kind", "signer", "signature", "evidence", "commit"],
                    rows: entries.map { entry in
                        [
                            formatTime(entry.time), entry.service.text,
                            entry.waiver?.summary ?? "\(entry.from) -> \(entry.to)", entry.kind.text, entry.signer,
                            entry.signature.rawValue + (entry.signatureSigner.map { " (\($0))" } ?? ""),
                            entry.evidence.map { String($0.prefix(12)) } ?? "-", String(entry.commit.prefix(12)),
                        ]
                    })
                printOut(format == .markdown ? table.markdown() : table.text())
            }
            return 0
        }
    }

    static let csvHeaders = [
        "time", "service", "from", "to", "kind", "signer", "signature", "signature_signer",
        "evidence", "reason", "commit",
    ]

    /// One row per transition with full ids and ISO 8601 UTC times: the `history --format json` fields, flat.
    static func csvRow(_ entry: HistoryEntry) -> [String] {
        [
            formatTime(entry.time), entry.service.text, entry.from.text, entry.to.text, entry.kind.text, entry.signer,
            entry.signature.rawValue,
            entry.signatureSigner ?? "", entry.evidence ?? "", entry.reason ?? "", entry.commit,
        ]
    }
}

/// `history` formats: the shared ones plus csv, for people who want their own charts.
enum HistoryFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown, csv
}
