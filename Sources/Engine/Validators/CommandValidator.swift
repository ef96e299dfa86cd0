import Domain
import Foundation
import Support

/// command: runs a declared command (argument array, or a script under gates/checks/) in the workspace;
/// exit 0 passes. The whole process group is killed on timeout.
struct CommandValidator: Validator {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        guard var argv = context.spec.command, !argv.isEmpty else {
            return .fail("validator '\(context.spec.id)' of kind command declares no `command:`; add an argument array")
        }
        // Scripts shipped with the gates are addressed relative to the workspace, like the gate files, and
        // must stay inside it (a bare name is looked up on PATH).
        argv[0] = try context.workspace.program(
            argv[0], field: "\(Workspace.gatePath(context.phase)): validator '\(context.spec.id)' command")
        var env = ProcessInfo.processInfo.environment
        env["SERVICE"] = context.service.rawValue
        env["PHASE"] = context.phase.rawValue
        env["IMAGE"] = context.imageRef
        env["WORKSPACE"] = context.workspace.root
        env.merge(context.containers.childEnvironment) { _, engine in engine }
        let spec = ProcessSpec(
            argv[0], Array(argv.dropFirst()), environment: env,
            workingDirectory: context.workspace.root,
            timeout: context.spec.timeout.seconds, outputLimit: 64 * 1024)
        let result: ProcessResult
        do {
            result = try context.runner.run(spec)
        } catch let error as ProcessError {
            if case .cancelled = error { throw error }
            return .fail(error.localizedDescription)
        }
        let metrics: [String: MetricValue] = [
            "exit_code": result.exitCode.map { .number(Double($0)) } ?? .text("none"),
            "seconds": .number(result.duration),
        ]
        if result.succeeded {
            return .pass("`\(spec.displayCommand)` passed", metrics: metrics, output: result.excerpt())
        }
        return .fail(
            "`\(spec.displayCommand)` failed: \(result.endDescription)", metrics: metrics, output: result.excerpt())
    }
}
