import Foundation
import Git

/// Where workspace files are read from: the work tree (what a person edits) or a commit (`--ref`, audits).
public protocol FileSource {
    func read(_ path: String) throws -> Data?
    /// Names directly inside a directory; [] when absent.
    func list(_ directory: String) throws -> [String]
    /// A label for messages ("work tree", "commit abc1234").
    var label: String { get }
    /// Whether a file exists, without reading it.
    func exists(_ path: String) throws -> Bool
}

/// Files as they are on disk.
public struct WorkTreeSource: FileSource {
    public let workspace: Workspace
    public init(_ workspace: Workspace) { self.workspace = workspace }
    public func read(_ path: String) throws -> Data? { try workspace.read(path) }
    public func list(_ directory: String) throws -> [String] { try workspace.files.list(directory) }
    public var label: String { "work tree" }
    public func exists(_ path: String) throws -> Bool { try workspace.fileExists(path) }
}

/// Files as they are in one commit's tree.
public struct CommitSource: FileSource {
    public let repo: Repository
    public let commit: OID
    public init(repo: Repository, commit: OID) {
        self.repo = repo
        self.commit = commit
    }
    // A committed symbolic link (mode 120000) is refused like one in the work tree, never read as a file.
    public func read(_ path: String) throws -> Data? { try repo.confinedBlobID(at: path, in: commit).map(repo.blobData) }
    public func list(_ directory: String) throws -> [String] { try repo.confinedEntryNames(at: directory, in: commit).sorted() }
    public var label: String { "commit \(commit.hex.prefix(12))" }
    public func exists(_ path: String) throws -> Bool { try repo.confinedBlobID(at: path, in: commit) != nil }
}
