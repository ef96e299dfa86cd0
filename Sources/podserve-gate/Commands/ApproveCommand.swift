import ArgumentParser
import Domain
import Engine
import Foundation
import Support

/// `approve <svc> [--role R]`: a signed approval commit for the service's current gate.
struct ApproveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Sign off the current gate of a service (when its gate file asks for approvals) as a signed commit.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "Service to approve.")
    var service: String
    @Option(help: "The role approved as (default: the role the gate asks for).")
    var role: String?
    @Option(help: "Approve the next waiver of this validator instead of the gate (when its `waiver.approvals` asks).")
    var waiver: String?
    @OptionGroup var signing: SignOptions

    func run() throws {
        try runReporting {
            let workspace = try Workspace.open(at: globals.workingDirectory)
            if let waiver {
                let desk = WaiverDesk(workspace: workspace, signMode: signing.mode, runner: SystemProcessRunner())
                printOut(try desk.approve(service: try ServiceName(service), validator: waiver, role: role).summary)
                return 0
            }
            let approver = Approver(workspace: workspace, signMode: signing.mode, runner: SystemProcessRunner())
            let outcome = try approver.approve(service: try ServiceName(service), role: role)
            printOut(
                "\(service): approved \(outcome.phase.rawValue) as \(outcome.role) (\(outcome.commit.abbreviated)); "
                    + outcome.status.summary)
            return 0
        }
    }
}
