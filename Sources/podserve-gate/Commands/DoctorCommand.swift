import ArgumentParser
import Engine
import Foundation
import Support

/// `doctor`: podman, runtime, images, git identity and signing, each problem with its fix.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check podman, runtime, images, git identity and signing set-up, each with the fix.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Option(help: "table or json.")
    var format: OutputFormat = .table

    func run() throws {
        try runReporting {
            var doctor = Doctor(directory: globals.workingDirectory, runner: SystemProcessRunner())
            doctor.engine = globals.engine
            doctor.probeAddress = Podman(target: globals.engine).resolvedProbeAddress(
                override: try globals.probeOverride())
            let checks = doctor.run()
            if format == .json {
                printOut(try jsonText(checks))
            } else {
                for check in checks {
                    printOut(
                        "\(check.status.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0)) \(check.name): \(check.detail)"
                    )
                    if let fix = check.fix, check.status != .ok { printOut("     fix: \(fix)") }
                }
            }
            return checks.contains { $0.status == .fail } ? ExitCodes.environment : 0
        }
    }
}
