import Domain
import Foundation
import Git
import Locking

/// A private export of one commit's tree, the only files a sealed gate run reads and runs: nothing edited in
/// the work tree while the gate runs can change what is judged. Removed when the run ends.
package final class GateSnapshot {
    package let commit: OID
    /// A `Workspace` over the same repository whose files are the export.
    package let workspace: Workspace
    private let directory: String

    /// Exports `commit` into a new temporary folder; symlinks under `services/` or `gates/` are refused
    /// (they could point outside the repository), others are left out of the export.
    ///
    /// Other services' folders are left out: their plans and states are read from the commit itself, and an
    /// export of every service of a large workspace would cost more than the gate (1,600 files for 200).
    package init(repo: Repository, commit: OID, service: ServiceName) throws {
        GateSnapshot.removeAbandoned()
        let template = NSTemporaryDirectory() + "/\(GateSnapshot.prefix)\(getpid())-XXXXXX"
        var buffer = Array(template.utf8CString)
        guard let made = mkdtemp(&buffer) else {
            throw GitError.fileSystem(operation: "mkdtemp", path: template, message: String(cString: strerror(errno)))
        }
        directory = String(cString: made)
        self.commit = commit
        workspace = Workspace(repo: repo, root: directory)
        do {
            let own = Workspace.serviceDir(service)
            let export = try repo.export(commit, to: directory) { path in
                path.hasPrefix(Workspace.servicesDir + "/") && path != own && !path.hasPrefix(own + "/")
            }
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

    static let prefix = "podserve-gate-snapshot-"

    /// Removes the exports of runs that were killed (the pid in the folder name is no longer alive), so a
    /// `kill -9` never leaves copies of the inputs piling up in the temporary folder.
    static func removeAbandoned() {
        let base = NSTemporaryDirectory()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(atPath: base + "/" + name) }
        }
    }

    private static func isSealed(_ path: String) -> Bool {
        path.hasPrefix(Workspace.servicesDir + "/") || path.hasPrefix(Workspace.gatesDir + "/")
            || path == "base-images.yaml"
    }

    // MARK: cleanup on interrupt

    private static let live = Locked<Set<String>>([])

    private static func register(_ path: String) { live.withLock { _ = $0.insert(path) } }
    private static func unregister(_ path: String) { live.withLock { _ = $0.remove(path) } }

    /// Removes every snapshot still on disk (the interrupt handler exits without running deinit).
    package static func removeAll() {
        let paths = live.withLock { live in
            defer { live = [] }
            return live
        }
        for path in paths { try? FileManager.default.removeItem(atPath: path) }
    }
}
