import ArgumentParser
import Domain
import Engine
import Foundation
import Support

/// Output choices shared by `check` and `advance`.
struct GateOutputOptions: ParsableArguments {
    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table
    @Option(help: "Also write JUnit XML (one testcase per validator) to FILE.")
    var junit: String?

    func emit(_ results: [GateRunResult]) throws {
        if format == .json {
            printOut(try GateReportOutput.json(results))
        } else {
            for result in results {
                switch result {
                case .ran(let report, let commit, let to):
                    var text = GateReportOutput.text(report)
                    if let commit, let to {
                        text += "\n\(report.service): \(report.phase.rawValue) -> \(to) (\(commit))"
                    }
                    printOut(text)
                case .failed(let service, let error, _):
                    printErr("podserve-gate: error: \(service): \(GateRunResult.message(error))")
                }
            }
            if results.count > 1 { printOut(GateRunResult.summary(results)) }
        }
        if let junit {
            do {
                try GateReportOutput.junit(results).write(toFile: junit, atomically: true, encoding: .utf8)
            } catch {
                throw OutputWriteError(option: "--junit", path: junit, underlying: error)
            }
        }
    }
}

/// A file the user asked for (`--junit`, `schema --out`) could not be written: the path was well formed, the
/// file system refused it (missing folder, permissions, full disk), so it is an environment problem (exit 3),
/// like `report --out`.
struct OutputWriteError: Error, LocalizedError, CategorizedError {
    let option: String
    let path: String
    let underlying: Error
    var errorDescription: String? {
        "cannot write \(path) (\(option)): \(underlying.localizedDescription) (pass a writable file path to \(option))"
    }
    var category: ErrorCategory { .environment }
}

/// What happened to one service of a `check`/`advance` run: its gate ran, or an error stopped it.
enum GateRunResult: Sendable {
    case ran(GateReport, commit: String?, to: String?)
    case failed(service: String, error: Error, code: Int32)

    static func message(_ error: Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? String(describing: error)
    }

    /// One line per service, for runs over several services.
    static func summary(_ results: [GateRunResult]) -> String {
        var lines = ["summary:"]
        for result in results {
            switch result {
            case .ran(let report, let commit, let to):
                if let commit, let to {
                    lines.append("  \(report.service): advanced \(report.phase.rawValue) -> \(to) (\(commit))")
                } else {
                    lines.append(
                        "  \(report.service): gate \(report.phase.rawValue) \(report.passed ? "passed" : "failed")")
                }
            case .failed(let service, let error, let code):
                lines.append(
                    "  \(service): error (exit \(code)): \(message(error).split(separator: "\n").first.map(String.init) ?? "")"
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// `check <svc>… | --all`: runs gates without advancing; exit 0 if every one would pass.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Run a gate without advancing; exit 0 if it would pass.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "Services to check.")
    var services: [String] = []
    @Flag(help: "Check every service that is not ready.")
    var all = false
    @Option(help: "Gate to run (default: the service's current phase).")
    var phase: String?
    @OptionGroup var output: GateOutputOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        if all == !services.isEmpty { throw ValidationError("name the services to check, or pass --all (not both)") }
        try ParallelOptions.refuseRepeats(services, command: "check")
    }

    /// Every service is checked and reported (with `--jobs N`, N at a time); the exit code is the most serious
    /// outcome, as for `advance`.
    func run() throws {
        try runReporting {
            Interrupts.install()
            let factory = try EngineFactory(globals)
            try factory.requireEngine()
            let requested = try phase.map { try Phase.parse($0) }
            let day = try asOf.day()
            let names = all ? try AdvanceOrder.all(in: factory.workspace).map(\.rawValue) : services
            let results = try GateBatch(globals: globals, parallel: parallel, table: output.format == .table).run(
                names, first: factory, advancing: false,
                singleThrows: !all
            ) {
                factory, progress, name in
                var gates = factory.gateRunner(progress: progress)
                gates.asOf = day
                let advancer = Advancer(
                    workspace: factory.workspace, gates: gates, transitions: factory.transitions(.never))
                return .ran(try advancer.check(service: try ServiceName(name), phase: requested), commit: nil, to: nil)
            }
            try output.emit(results)
            return GateBatch.code(results)
        }
    }
}
