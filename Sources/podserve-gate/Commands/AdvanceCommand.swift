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
    @OptionGroup var parallel: ParallelOptions

    func validate() throws {
        if all == !services.isEmpty {
            throw ValidationError("name the services to advance, or pass --all (not both)")
        }
        try ParallelOptions.refuseRepeats(services, command: "advance")
    }

    /// Every service is tried and reported, whatever happened to the ones before it; the exit code is chosen
    /// at the end (the most serious outcome: environment 3, bad input 2, gate failed 1), so a later error never
    /// hides an earlier commit. An interrupt stops the run at once (130). With `--jobs N`, N gates run at once
    /// (a service whose gate reads its dependencies' phases waits for theirs); each transition lands as its own
    /// commit through the compare-and-swap path.
    func run() throws {
        try runReporting {
            Interrupts.install()
            let factory = try EngineFactory(globals)
            try factory.requireEngine()
            let names = all ? try AdvanceOrder.all(in: factory.workspace).map(\.rawValue) : services
            let results = try GateBatch(globals: globals, parallel: parallel, table: output.format == .table).run(
                names, first: factory, advancing: true
            ) {
                factory, progress, name in
                let outcome = try factory.advancer(signing.mode, progress: progress).advance(
                    service: try ServiceName(name))
                if let commit = outcome.commit, let deferred = outcome.deferredUpdate {
                    Transitions.warnDeferred(commit, deferred)
                }
                return .ran(outcome.report, commit: outcome.commit?.abbreviated, to: outcome.to?.rawValue)
            }
            try output.emit(results)
            return GateBatch.code(results)
        }
    }
}
