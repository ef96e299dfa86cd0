import ArgumentParser
import Domain
import Engine
import Foundation

/// `advance <svc>… | --all`: runs each current gate and commits the transitions that pass.
struct AdvanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: "Run the current gate; on success write evidence, tick auto items, move the state, commit.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "Services to advance.")
    var services: [String] = []
    @Flag(help: "Advance every service that is not ready, in dependency order.")
    var all = false
    @OptionGroup var output: GateOutputOptions
    @OptionGroup var signing: SignOptions

    func validate() throws {
        if all == !services.isEmpty {
            throw ValidationError("name the services to advance, or pass --all (not both)")
        }
    }

    func run() throws {
        try runReporting {
            Interrupts.install()
            let factory = try EngineFactory(globals)
            let advancer = factory.advancer(signing.mode)
            let names = all ? try AdvanceOrder.all(in: factory.workspace) : services
            var results: [(GateReport, String?, String?)] = []
            var failed = false
            for name in names {
                let outcome = try advancer.advance(service: name)
                results.append((outcome.report, outcome.commit?.abbreviated, outcome.to?.rawValue))
                if outcome.commit == nil { failed = true }
            }
            try output.emit(results)
            return failed ? ExitCodes.gateFailed : 0
        }
    }
}
