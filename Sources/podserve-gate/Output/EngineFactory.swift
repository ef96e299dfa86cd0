/// `--sign` / `--no-sign`, shared by every command that writes a transition.
import ArgumentParser
import Domain
import Engine
import Foundation
import Support

/// Builds the engine's parts for one command invocation.
struct EngineFactory {
    let globals: GlobalOptions
    let workspace: Workspace
    /// Every child of this factory's gates (validators' commands and podman calls alike) is counted in its own
    /// account: one factory per gate worker, so `child_seconds` in evidence is that service's alone.
    let runner: ProcessRunner = SystemProcessRunner(account: ChildTimeAccount())

    init(_ globals: GlobalOptions) throws {
        self.globals = globals
        self.workspace = try Workspace.open(at: globals.workingDirectory)
    }

    var progress: Engine.Progress { globals.progress }
    var engine: EngineTarget { globals.engine }
    var podman: Podman {
        var podman = Podman(runner: runner, target: engine)
        podman.probeAddress = podman.resolvedProbeAddress(override: probeOverride)
        return podman
    }
    /// `--probe-host` / PODSERVE_PROBE_HOST: replaces the engine URL's host for host-side probes. An unusable value
    /// is refused by `requireEngine()` (the commands that probe), so it never breaks `status` or `new`.
    var probeOverride: (host: String, origin: String)? { (try? globals.probeOverride()) ?? nil }
    var containers: ContainerEngine { podman }

    /// Refuses (exit 3, naming the engine and the fix) when a selected remote engine does not answer, before any
    /// gate runs; the engine is registered so that Ctrl-C removes this run's containers there. The local engine is
    /// not asked here: its problems surface as before, with `doctor` for the fix.
    func requireEngine() throws {
        _ = try globals.probeOverride()
        Interrupts.register(engine)
        if engine.isRemote { try podman.requireReachable() }
    }

    func gateRunner(progress: Engine.Progress? = nil) -> GateRunner {
        GateRunner(
            workspace: workspace, runner: runner, containers: containers, progress: progress ?? self.progress,
            registry: .builtIn, history: HeadEvidenceHistory(repo: workspace.repo))
    }

    func transitions(_ sign: SignMode) -> Transitions {
        Transitions(workspace: workspace, signMode: sign, runner: runner)
    }

    func advancer(_ sign: SignMode, progress: Engine.Progress? = nil) -> Advancer {
        Advancer(workspace: workspace, gates: gateRunner(progress: progress), transitions: transitions(sign))
    }
}

struct SignOptions: ParsableArguments {
    @Flag(name: .customLong("sign"), help: "Sign the transition commit even if git config does not ask for it.")
    var sign = false
    @Flag(name: .customLong("no-sign"), help: "Do not sign, whatever git config says.")
    var noSign = false

    var mode: SignMode { noSign ? .never : (sign ? .always : .config) }

    func validate() throws {
        if sign && noSign { throw ValidationError("--sign and --no-sign contradict each other; pass one") }
    }
}
