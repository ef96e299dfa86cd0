import Domain
import Foundation
import Git

/// A private export of one commit's tree, the only files a sealed gate run reads and runs: nothing edited in
/// the work tree while the gate runs can change what is judged. Removed when the run ends.
public final class GateSnapshot {
    public let commit: OID
    /// A `Workspace` over the same repository whose files are the export.
    public let workspace: Workspace
    private let directory: String

    /// Exports `commit` into a new temporary folder; symlinks under `services/` or `gates/` are refused
    /// (they could point outside the repository), others are left out of the export.
    public init(repo: Repository, commit: OID) throws {
        let template = NSTemporaryDirectory() + "/podserve-gate-snapshot-XXXXXX"
        var buffer = Array(template.utf8CString)
        guard let made = mkdtemp(&buffer) else {
            throw GitError.fileSystem(operation: "mkdtemp", path: template, message: String(cString: strerror(errno)))
        }
        directory = String(cString: made)
        self.commit = commit
        workspace = Workspace(repo: repo, root: directory)
        do {
            let export = try repo.export(commit, to: directory)
            if let link = export.symlinks.first(where: Self.isSealed) {
                throw EngineError.symlinkInput(path: link, commit: commit.abbreviated)
            }
            GateSnapshot.register(directory)
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
        GateSnapshot.unregister(directory)
    }

    private static func isSealed(_ path: String) -> Bool {
        path.hasPrefix(Workspace.servicesDir + "/") || path.hasPrefix(Workspace.gatesDir + "/") || path == "base-images.yaml"
    }

    // MARK: cleanup on interrupt

    private static let lock = NSLock()
    nonisolated(unsafe) private static var live: Set<String> = []

    private static func register(_ path: String) { lock.lock(); live.insert(path); lock.unlock() }
    private static func unregister(_ path: String) { lock.lock(); live.remove(path); lock.unlock() }

    /// Removes every snapshot still on disk (the interrupt handler exits without running deinit).
    public static func removeAll() {
        lock.lock()
        let paths = live
        live = []
        lock.unlock()
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }
}
