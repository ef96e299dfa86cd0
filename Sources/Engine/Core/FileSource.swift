import Foundation
import Git

/// Where workspace files are read from: the work tree (what a person edits) or a commit (`--ref`, audits).
package protocol FileSource {
    func read(_ path: String) throws -> Data?
    /// Names directly inside a directory; [] when absent.
    func list(_ directory: String) throws -> [String]
    /// A label for messages ("work tree", "commit abc1234").
    var label: String { get }
    /// Whether a file exists, without reading it.
    func exists(_ path: String) throws -> Bool
}

/// Files as they are on disk.
package struct WorkTreeSource: FileSource {
    package let workspace: Workspace
    package init(_ workspace: Workspace) { self.workspace = workspace }
    package func read(_ path: String) throws -> Data? { try workspace.read(path) }
    package func list(_ directory: String) throws -> [String] { try workspace.files.list(directory) }
    package var label: String { "work tree" }
    package func exists(_ path: String) throws -> Bool { try workspace.fileExists(path) }
}

/// Files as they are in one commit's tree.
package struct CommitSource: FileSource {
    package let repo: Repository
    package let commit: OID
    package init(repo: Repository, commit: OID) {
        self.repo = repo
        self.commit = commit
    }
    // A committed symbolic link (mode 120000) is refused like one in the work tree, never read as a file.
    package func read(_ path: String) throws -> Data? {
        try repo.confinedBlobID(at: path, in: commit).map {
            try repo.blobData($0, path: "\(path) in commit \(commit.hex.prefix(12))")
        }
    }
    package func list(_ directory: String) throws -> [String] {
        try repo.confinedEntryNames(at: directory, in: commit).sorted()
    }
    package var label: String { "commit \(commit.hex.prefix(12))" }
    package func exists(_ path: String) throws -> Bool { try repo.confinedBlobID(at: path, in: commit) != nil }
}
