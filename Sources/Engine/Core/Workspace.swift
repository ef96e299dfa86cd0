import Domain
import Foundation
import Git
import Support

/// The git repository the tool runs in, and where each SPEC §3 file lives in it.
package final class Workspace {
    package let repo: Repository
    /// Where files are read and programs run: the work tree, or a gate run's sealed export of HEAD.
    package let root: String

    /// `root` defaults to the repository's work tree.
    package init(repo: Repository, root: String? = nil) {
        self.repo = repo
        self.root = root ?? repo.workdir
    }

    /// Opens the repository that contains `directory` (like git, searching upwards), first finishing a
    /// transition a crash interrupted (every command does this, and says so on stderr).
    package static func open(at directory: String) throws -> Workspace {
        let workspace = Workspace(repo: try Repository.discover(startingAt: directory))
        GateSnapshot.removeAbandoned()  // exports of killed runs, whichever command comes next
        do {
            if let repair = try workspace.repo.repairInterruptedTransition() {
                StandardStreams.err(TerminalText.safe("podserve-gate: \(repair.summary)\n"))
            }
        } catch {
            // Read-only commands still run; the repair is tried again by the next command.
            let why = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
            StandardStreams.err(
                TerminalText.safe("podserve-gate: warning: could not finish an interrupted transition: \(why)\n"))
        }
        return workspace
    }

    package static let gatesDir = "gates"
    package static let servicesDir = "services"

    package static func serviceDir(_ service: ServiceName) -> String { "\(servicesDir)/\(service)" }
    /// The plan's and the state's file names inside a service's folder.
    package static let planFile = "service.yaml"
    package static let stateFile = "state.yaml"
    package static func planPath(_ service: ServiceName) -> String { "\(serviceDir(service))/\(planFile)" }
    package static func statePath(_ service: ServiceName) -> String { "\(serviceDir(service))/\(stateFile)" }
    package static func checklistPath(_ service: ServiceName, _ phase: Phase) -> String {
        "\(serviceDir(service))/checklists/\(phase.fileStem).md"
    }
    package static func evidencePath(_ service: ServiceName, _ phase: Phase) -> String {
        "\(serviceDir(service))/evidence/\(phase.fileStem).json"
    }
    package static func gatePath(_ phase: Phase) -> String { "\(gatesDir)/\(phase.fileStem).yaml" }

    /// Absolute path of a repository-relative path in the work tree.
    package func absolute(_ relative: String) -> String { root + "/" + relative }

    /// The work tree's files, read and written without following symbolic links (issue 10, part 3).
    package var files: ConfinedFiles { ConfinedFiles(root: root) }

    /// Whether something exists at a work-tree path; throws when a symbolic link is on the way.
    package func fileExists(_ relative: String) throws -> Bool {
        try files.kind(relative) != nil
    }

    /// Reads a work-tree file; nil when it does not exist; throws when it is or lies behind a symbolic link.
    package func read(_ relative: String) throws -> Data? {
        try files.read(relative)
    }

    package func readText(_ relative: String) throws -> String? {
        try read(relative).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes a work-tree file atomically, never through a symbolic link.
    package func write(_ data: Data, to relative: String) throws {
        try files.write(data, to: relative)
    }
}
