import ArgumentParser
import Engine
import Foundation
import Support

/// The command tree; every subcommand reaches the global options through `@ParentCommand`.
@main
struct PodserveGate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "podserve-gate",
        abstract: "Enforce PodServe's six-phase service process as gates whose transitions are signed-off git commits.",
        version: ToolInfo.version,
        subcommands: [
            InitCommand.self, NewCommand.self, StatusCommand.self, CheckCommand.self, AdvanceCommand.self,
            ReopenCommand.self, BuildCommand.self, DoctorCommand.self, HistoryCommand.self, VerifyCommand.self,
            ReviewCommand.self, ApproveCommand.self, PlanCommand.self,
            ReportCommand.self,
            WaiveCommand.self, UnwaiveCommand.self,
            SchemaCommand.self,
            ExportCommand.self,
        ])

    @OptionGroup var globals: GlobalOptions

    /// A closed stdout (`advance dns | head -1`) must never kill a run that is landing a transition.
    static func main() {
        StandardStreams.ignoreBrokenPipes()
        main(nil)
    }
}

/// Options every command understands (SPEC §5 "Global").
struct GlobalOptions: ParsableArguments {
    @Option(name: .customShort("C"), help: ArgumentHelp("Run as if started in <dir>.", valueName: "dir"))
    var directory: String?

    @Flag(name: .shortAndLong, help: "Print only results and errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print every step and command.")
    var verbose = false

    @Flag(name: .customLong("no-color"), help: "Plain output (also when NO_COLOR is set).")
    var noColor = false

    @Option(
        help: ArgumentHelp(
            "Podman engine to run containers on (podman --url; default: CONTAINER_HOST, else local).",
            valueName: "url"))
    var url: String?

    @Option(
        help: ArgumentHelp(
            "podman system connection to run containers on (default: CONTAINER_CONNECTION).",
            valueName: "name"))
    var connection: String?

    @Option(
        name: .customLong("probe-host"),
        help: ArgumentHelp(
            "Host that host-side probes connect to for the engine's published ports (default: the engine URL's host; PODSERVE_PROBE_HOST).",
            valueName: "host"))
    var probeHost: String?

    func validate() throws {
        if url != nil && connection != nil {
            throw ValidationError("--url and --connection both name an engine; pass one")
        }
        if let probeHost, ProbeHostOverride.normalized(probeHost) == nil {
            throw ValidationError(
                "--probe-host '\(probeHost)' is not a host name or IP address; pass e.g. 192.0.2.7, build-7.example or ::1"
            )
        }
    }

    /// These options as given before the subcommand, overridden by any given after it.
    func merged(with later: GlobalOptions) -> GlobalOptions {
        var merged = self
        if let directory = later.directory { merged.directory = directory }
        merged.quiet = quiet || later.quiet
        merged.verbose = verbose || later.verbose
        merged.noColor = noColor || later.noColor
        if later.url != nil || later.connection != nil {
            merged.url = later.url
            merged.connection = later.connection
        }
        if let probeHost = later.probeHost { merged.probeHost = probeHost }
        return merged
    }

    var workingDirectory: String {
        let cwd = FileManager.default.currentDirectoryPath
        guard let directory else { return cwd }
        return directory.hasPrefix("/") ? directory : cwd + "/" + directory
    }

    /// The engine every podman call goes to: `--url`, `--connection`, then CONTAINER_HOST / CONTAINER_CONNECTION.
    var engine: EngineTarget {
        EngineTarget.resolve(url: url, connection: connection, environment: ProcessInfo.processInfo.environment)
    }

    /// `--probe-host`, else PODSERVE_PROBE_HOST: replaces the engine URL's host for host-side probes (not where the
    /// engine publishes). An unusable PODSERVE_PROBE_HOST is bad input (exit 2) when a command first needs it.
    func probeOverride() throws -> (host: String, origin: String)? {
        if let probeHost, let host = ProbeHostOverride.normalized(probeHost) { return (host, "--probe-host") }
        guard let value = ProcessInfo.processInfo.environment["PODSERVE_PROBE_HOST"], !value.isEmpty else { return nil }
        guard let host = ProbeHostOverride.normalized(value) else { throw ProbeHostOverride.Invalid(value: value) }
        return (host, "PODSERVE_PROBE_HOST")
    }

    var progress: Engine.Progress {
        Progress(level: quiet ? .quiet : (verbose ? .verbose : .normal))
    }

}

/// Output formats; not every command offers every one.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, markdown
}
