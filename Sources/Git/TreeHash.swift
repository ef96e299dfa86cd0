import CLibGit2
import Foundation

extension Repository {
    /// The id the directory at `path` in `commit` would have without its entries named in `excluding`.
    ///
    /// Computed (not written) from the tree's own entries, so an audit can name "the service folder without its
    /// evidence and state" by one id that a later run recomputes from any commit, on any machine.
    public func treeID(at path: String, in commit: OID, excluding names: Set<String>) throws -> OID? {
        guard let id = try treeID(at: path, in: commit) else { return nil }
        if names.isEmpty { return id }
        let tree = try lookupTree(id)
        return try tree.use { pointer in
            var bytes: [UInt8] = []
            for index in 0..<git_tree_entrycount(pointer) {
                guard let entry = git_tree_entry_byindex(pointer, index), let cName = git_tree_entry_name(entry),
                      let entryID = git_tree_entry_id(entry)
                else { continue }
                let name = Array(UnsafeBufferPointer(start: cName, count: strlen(cName))).map { UInt8(bitPattern: $0) }
                if names.contains(String(decoding: name, as: UTF8.self)) { continue }
                bytes += Array(String(git_tree_entry_filemode(entry).rawValue, radix: 8).utf8)
                bytes.append(0x20)
                bytes += name
                bytes.append(0)
                withUnsafeBytes(of: entryID.pointee.id) { bytes += $0 }
            }
            var out = git_oid()
            try bytes.withUnsafeBytes { raw in
                try check(git_odb_hash(&out, raw.baseAddress, raw.count, GIT_OBJECT_TREE), "git_odb_hash")
            }
            return OID(out)
        }
    }

    /// The id of whatever `path` names in `commit` (a blob or a tree), nil when nothing.
    public func objectID(at path: String, in commit: OID) throws -> OID? {
        try treeEntry(at: path, in: commit)?.id
    }
}
