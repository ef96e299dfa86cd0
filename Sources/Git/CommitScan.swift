import CLibGit2
import Foundation

/// What an audit needs of every commit of a long history, read with one commit and one tree lookup.
public struct ScannedCommit: Sendable {
    public let id: OID
    public let parents: [OID]
    /// The id of the scanned top-level directory in this commit; nil when absent (or not a directory).
    public let directory: OID?
    /// The raw message when it contains the scanned marker, else nil, so most messages are never copied.
    public let message: String?
}

extension Repository {
    /// Reads `commit`'s parents, the id of its top-level `directory` (when given) and, when it contains `marker`,
    /// its message.
    public func scanCommit(_ commit: OID, directory: String?, marker: String) throws -> ScannedCommit {
        let handle = try lookupCommit(commit)
        return try handle.use { pointer in
            let parents = (0..<git_commit_parentcount(pointer)).compactMap { OID(git_commit_parent_id(pointer, $0)) }
            var directoryID: OID?
            if let directory {
                let tree = try Handle("git_commit_tree", free: git_tree_free) { git_commit_tree(&$0, pointer) }
                directoryID = tree.use { treePointer in
                    guard let entry = git_tree_entry_byname(treePointer, directory),
                        git_tree_entry_type(entry) == GIT_OBJECT_TREE
                    else { return nil }
                    return OID(git_tree_entry_id(entry))
                }
            }
            var message: String?
            if let raw = git_commit_message_raw(pointer), strstr(raw, marker) != nil {
                message = String(cString: raw)
            }
            return ScannedCommit(id: commit, parents: parents, directory: directoryID, message: message)
        }
    }
}
