import CLibGit2
import Foundation

extension Repository {
    /// The id the directory at `path` in `commit` would have without its entries named in `excluding`.
    ///
    /// Computed (not written) from the tree's own entries, so an audit can name "the service folder without its
    /// evidence and state" by one id that a later run recomputes from any commit, on any machine.
    package func treeID(at path: String, in commit: OID, excluding names: Set<String>) throws -> OID? {
        try treeID(at: path, in: commit).map { try treeID(of: $0, excluding: names) }
    }

    /// The id of whatever `path` names in `commit` (a blob or a tree), nil when nothing.
    package func objectID(at path: String, in commit: OID) throws -> OID? {
        try treeEntry(at: path, in: commit)?.id
    }
}
