import ArgumentParser
import Domain
import Engine
import Foundation

/// `new <svc>`: creates services/<svc>/ in planning as a transition commit.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Create services/<svc>/ from templates in planning, as a transition commit.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "Service name (^[a-z][a-z0-9-]{0,62}$).")
    var service: String
    @Option(name: .customLong("depends-on"), help: "Comma-separated services this one depends on.")
    var dependsOn: String?
    @Option(help: "Image reference (default localhost/podserve-<svc>:latest).")
    var image: String?
    @OptionGroup var signing: SignOptions

    func run() throws {
        try runReporting {
            let factory = try EngineFactory(globals)
            let deps = (dependsOn ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            let commit = try factory.transitions(signing.mode).create(
                service: try ServiceName(service), dependsOn: try deps.map { try ServiceName($0) }, image: image)
            printOut("created services/\(service) in planning (\(commit.abbreviated))")
            if !globals.quiet {
                printErr(
                    "next: fill services/\(service)/service.yaml, tick services/\(service)/checklists/1-planning.md, commit, then `podserve-gate advance \(service)`"
                )
            }
            return 0
        }
    }
}
