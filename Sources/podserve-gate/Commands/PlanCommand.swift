import ArgumentParser
import Domain
import Engine
import Foundation

/// `plan [<svc>]`: the dependency start order and the combinations phase 5 will run (pairs, triplets, full).
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Dependency order and the integration combinations (pairs, triplets, full) phase 5 will run.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "The service to plan (default: all).")
    var service: String?
    @Option(help: "table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if format == .markdown { throw ValidationError("plan prints --format table or json") }
    }

    func run() throws {
        try runReporting {
            let workspace = try Workspace.open(at: globals.workingDirectory)
            let report = try IntegrationPlanReport.make(
                workspace: workspace, only: try service.map { try ServiceName($0) })
            switch format {
            case .json:
                printOut(try jsonText(report))
            case .table, .markdown:
                printOut(Self.text(report))
            }
            return 0
        }
    }

    static func text(_ report: IntegrationPlanReport) -> String {
        guard !report.services.isEmpty else { return "no services yet; create one with `podserve-gate new <name>`" }
        var lines = ["start order: \(report.startOrder.joined(separator: " -> "))"]
        for entry in report.services {
            lines.append("")
            lines.append("\(entry.service) (\(entry.phase)): start order \(entry.startOrder.joined(separator: " -> "))")
            if entry.combinations.isEmpty {
                lines.append("  no combinations yet: no dependency or dependent is past performance")
            } else {
                let table = Table(
                    headers: ["#", "kind", "pod (start order)", "integration tests"],
                    rows: entry.combinations.enumerated().map { index, c in
                        [
                            String(index + 1), c.kind.rawValue, c.services.joined(separator: " + "),
                            c.tests.isEmpty ? "-" : c.tests.joined(separator: ", "),
                        ]
                    })
                lines += table.text().split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
            }
            if !entry.waiting.isEmpty {
                let waiting = entry.waiting.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
                lines.append("  waiting for (not past performance): \(waiting.joined(separator: ", "))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
