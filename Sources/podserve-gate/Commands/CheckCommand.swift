import ArgumentParser
import Domain
import Engine
import Foundation

/// Output choices shared by `check` and `advance`.
struct GateOutputOptions: ParsableArguments {
    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table
    @Option(help: "Also write JUnit XML (one testcase per validator) to FILE.")
    var junit: String?

    func emit(_ results: [(GateReport, String?, String?)]) throws {
        if format == .json {
            printOut(try GateReportOutput.json(results))
        } else {
            for (report, commit, to) in results {
                var text = GateReportOutput.text(report)
                if let commit, let to { text += "\n\(report.service): \(report.phase.rawValue) -> \(to) (\(commit))" }
                printOut(text)
            }
        }
        if let junit {
            try GateReportOutput.junit(results.map(\.0)).write(toFile: junit, atomically: true, encoding: .utf8)
        }
    }
}

/// `check <svc>`: runs a gate without advancing; exit 0 if it would pass.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Run a gate without advancing; exit 0 if it would pass.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "Service to check.")
    var service: String
    @Option(help: "Gate to run (default: the service's current phase).")
    var phase: String?
    @OptionGroup var output: GateOutputOptions

    func run() throws {
        try runReporting {
            Interrupts.install()
            let factory = try EngineFactory(globals)
            let requested = try phase.map { try Phase.parse($0) }
            let report = try factory.advancer(.never).check(service: service, phase: requested)
            try output.emit([(report, nil, nil)])
            return report.passed ? 0 : ExitCodes.gateFailed
        }
    }
}
