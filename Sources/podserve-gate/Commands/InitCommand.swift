import ArgumentParser
import Domain
import Engine
import Foundation

/// `init`: scaffolds gates/ with the six default gate files.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Scaffold gates/ (the six default gate files) in a repository.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Flag(help: "Overwrite gate files that already exist.")
    var force = false

    func run() throws {
        try runReporting {
            let workspace = try Workspace.open(at: globals.workingDirectory)
            let written = try GateScaffold(workspace: workspace).write(force: force)
            for (path, state) in written {
                printOut("\(state.rawValue) \(path)")
            }
            if !globals.quiet {
                printErr(
                    "next: commit gates/ (git add gates && git commit -m 'gates'), then `podserve-gate new <service>`")
            }
            return 0
        }
    }
}
