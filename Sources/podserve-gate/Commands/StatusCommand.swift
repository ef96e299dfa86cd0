import ArgumentParser
import Domain
import Engine
import Foundation

/// `status`: the phase board.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The phase board: phase n/6, checklist progress, last transition, what blocks it.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "Services to show (default: all).")
    var services: [String] = []
    @Option(help: "table, json or markdown.")
    var format: OutputFormat = .table
    @Option(help: "Read the board at this revision instead of the work tree.")
    var ref: String?
    @OptionGroup var asOf: AsOfOption
    @Option(name: .customLong("expiring-within"), help: "List waivers expiring within this many days (default 14).")
    var expiringWithin: Int?

    func validate() throws {
        if let expiringWithin, expiringWithin < 0 { throw ValidationError("--expiring-within takes 0 or more days") }
    }

    func run() throws {
        try runReporting {
            let workspace = try Workspace.open(at: globals.workingDirectory)
            let day = try asOf.day()
            let rows = try StatusBoard(workspace: workspace).rows(
                services: try services.map { try ServiceName($0) }, ref: ref, asOf: day, expiringWithin: expiringWithin)
            switch format {
            case .json:
                printOut(try jsonText(rows))
            case .table, .markdown:
                if rows.isEmpty {
                    printOut("no services yet; create one with `podserve-gate new <name>`")
                    return 0
                }
                let table = Table(
                    headers: ["service", "phase", "n/6", "checklist", "last transition", "signer", "blocked by"],
                    rows: rows.map { row in
                        [
                            row.service.rawValue, row.phase, row.number > 6 ? "6/6 ready" : "\(row.number)/6",
                            "\(row.checklist.ticked)/\(row.checklist.total)",
                            row.last.map { "\($0.from) -> \($0.to) \($0.commit) \(formatTime($0.time))" } ?? "-",
                            row.last?.signer ?? "-",
                            row.error.map { "error: \($0)" }
                                ?? (row.blockers.isEmpty ? "-" : row.blockers.joined(separator: "; ")),
                        ]
                    })
                printOut(format == .markdown ? table.markdown() : table.text())
                let ahead = rows.flatMap { row in row.outlook.map { "  \(row.service): \($0)" } }
                if !ahead.isEmpty {
                    printOut("\nlook ahead (as of \(day?.description ?? "today")):\n" + ahead.joined(separator: "\n"))
                }
            }
            // A broken plan or state shows in its own row; the board is printed whole, then the command fails.
            var broken = rows.compactMap(\.error)
            if services.isEmpty, ref == nil {
                broken += try Catalog(source: WorkTreeSource(workspace)).foldersNamingNoService().map {
                    "\($0.folder) holds a plan or state but is no service, \($0.problem): rename the folder "
                        + "(git mv) to a service name, or remove it"
                }
            }
            for message in broken { printErr("podserve-gate: error: \(message)") }
            return broken.isEmpty ? 0 : ExitCodes.badInput
        }
    }
}
