import ArgumentParser
import Engine
import Foundation

/// `export …`: documents other tools run; today the Kubernetes Pod of phase 5.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write what other tools run (the Pod YAML of phase 5 for Kubernetes).",
        subcommands: [ExportKubeCommand.self])
}

/// `export kube [--combination NAME|full]`: the Pod YAML phase 5 runs, on stdout, for `kubectl apply`.
struct ExportKubeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kube",
        abstract:
            "Print the Pod YAML phase 5 runs (probes, env, volumes, memory requests) for kubectl apply or podman kube play."
    )

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Option(
        help: ArgumentHelp(
            "`full` (every service) or services joined with `+` (e.g. dns+mail); dependencies are added.",
            valueName: "name"))
    var combination = KubeExport.full

    func run() throws {
        try runReporting {
            let factory = try EngineFactory(globals)
            let pod = try KubeExport(workspace: factory.workspace, containers: factory.containers).pod(combination)
            printOut(pod.yaml())
            return 0
        }
    }
}
