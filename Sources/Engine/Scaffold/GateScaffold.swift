import Domain
import Foundation

/// Writes the default gate files into the work tree (not a transition: the user commits them).
public struct GateScaffold {
    public enum FileState: String { case created, kept, overwritten }
    public let workspace: Workspace

    public init(workspace: Workspace) { self.workspace = workspace }

    /// Writes each default gate file; existing ones are kept unless `force`.
    public func write(force: Bool) throws -> [(String, FileState)] {
        var result: [(String, FileState)] = []
        let fm = FileManager.default
        try fm.createDirectory(atPath: workspace.absolute(Workspace.gatesDir + "/checks"), withIntermediateDirectories: true)
        for phase in Phase.gated {
            let path = Workspace.gatePath(phase)
            let exists = workspace.fileExists(path)
            if exists && !force { result.append((path, .kept)); continue }
            try DefaultGates.yaml(for: phase).write(toFile: workspace.absolute(path), atomically: true, encoding: .utf8)
            result.append((path, exists ? .overwritten : .created))
        }
        let readme = Workspace.gatesDir + "/checks/README.md"
        if !workspace.fileExists(readme) {
            try Self.checksReadme.write(toFile: workspace.absolute(readme), atomically: true, encoding: .utf8)
            result.append((readme, .created))
        }
        return result
    }

    static let checksReadme = """
    # gates/checks

    Scripts a gate may call with a validator of `kind: command`, e.g.

        - id: lint-config
          kind: command
          command: [gates/checks/lint-config.sh]
          timeout: 30s
          retries: 0

    They run in the workspace root with SERVICE, PHASE, IMAGE and WORKSPACE set; exit 0 passes.

    """
}
