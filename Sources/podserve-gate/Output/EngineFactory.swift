import Domain
import Engine
import Foundation
import Support

/// Builds the engine's parts for one command invocation.
struct EngineFactory {
    let globals: GlobalOptions
    let workspace: Workspace
    let runner: ProcessRunner = SystemProcessRunner()

    init(_ globals: GlobalOptions) throws {
        self.globals = globals
        self.workspace = try Workspace.open(at: globals.workingDirectory)
    }

    var progress: Engine.Progress { globals.progress }
    var containers: ContainerEngine { Podman(runner: runner) }

    func gateRunner() -> GateRunner {
        GateRunner(workspace: workspace, runner: runner, containers: containers, progress: progress,
                   registry: .builtIn, history: HeadEvidenceHistory(repo: workspace.repo))
    }

    func transitions(_ sign: SignMode) -> Transitions {
        Transitions(workspace: workspace, signMode: sign, runner: runner)
    }

    func advancer(_ sign: SignMode) -> Advancer {
        Advancer(workspace: workspace, gates: gateRunner(), transitions: transitions(sign))
    }
}

/// `--sign` / `--no-sign`, shared by every command that writes a transition.
import ArgumentParser
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
