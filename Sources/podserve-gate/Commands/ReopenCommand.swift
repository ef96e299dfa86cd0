import ArgumentParser
import Domain
import Engine
import Foundation

/// `reopen <svc> --to <state> --reason "…"`: back to an earlier phase, as a transition commit.
struct ReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Move a service back to an earlier phase, with a reason, as a transition commit.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "Service to reopen.")
    var service: String
    @Option(help: "Earlier phase to return to.")
    var to: String
    @Option(help: "Why the old evidence no longer holds (recorded as Gate-Reason).")
    var reason: String
    @OptionGroup var signing: SignOptions

    func run() throws {
        try runReporting {
            // A reason that could forge a trailer is refused before the repository is even opened (exit 2).
            try CommitText.requirePrintable(
                reason.trimmingCharacters(in: .whitespacesAndNewlines), field: PhaseMachine.reasonField)
            let factory = try EngineFactory(globals)
            let target = try Phase.parse(to)
            let (current, commit) = try factory.advancer(signing.mode).reopen(
                service: try ServiceName(service), to: target, reason: reason)
            printOut("\(service): \(current.rawValue) -> \(target.rawValue) (\(commit.abbreviated))")
            return 0
        }
    }
}
