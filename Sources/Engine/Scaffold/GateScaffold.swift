import Domain
import Foundation

/// Writes the default gate files into the work tree (not a transition: the user commits them).
package struct GateScaffold {
    package enum FileState: String { case created, kept, overwritten }
    package let workspace: Workspace

    package init(workspace: Workspace) { self.workspace = workspace }

    /// Writes each default gate file; existing ones are kept unless `force`.
    package func write(force: Bool) throws -> [(String, FileState)] {
        var result: [(String, FileState)] = []
        // Written through the workspace: a gates/ folder or file that is a symbolic link is refused, not followed.
        for phase in Phase.gated {
            let path = Workspace.gatePath(phase)
            let exists = try workspace.fileExists(path)
            if exists && !force { result.append((path, .kept)); continue }
            try workspace.write(Data(DefaultGates.yaml(for: phase).utf8), to: path)
            result.append((path, exists ? .overwritten : .created))
        }
        let readme = Workspace.gatesDir + "/checks/README.md"
        if try !workspace.fileExists(readme) {
            try workspace.write(Data(Self.checksReadme.utf8), to: readme)
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
