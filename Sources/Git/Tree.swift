import CLibGit2
import Foundation

/// One entry of a tree, copied out of libgit2: what a path names in a commit.
struct TreeEntryInfo: Equatable {
    let id: OID
    let isTree: Bool
    let mode: UInt32
}

extension Repository {
    /// The file's content at `path` in `commit`, nil when the commit has no file there; one larger than
    /// `ownFileLimit` is refused unread (the tool reads its own small files this way).
    package func blob(at path: String, in commit: OID) throws -> Data? {
        guard let id = try blobID(at: path, in: commit) else { return nil }
        return try blobData(id, path: "\(path) in commit \(commit.hex.prefix(12))")
    }

    /// The blob id of the file at `path` in `commit` (what `Gate-Evidence` records), nil when absent.
    package func blobID(at path: String, in commit: OID) throws -> OID? {
        // A gitlink (mode 160000, a submodule's commit) is no file of this repository: absent, never a blob lookup.
        guard let entry = try treeEntry(at: path, in: commit), !entry.isTree, entry.mode != GIT_FILEMODE_COMMIT.rawValue
        else { return nil }
        return entry.id
    }

    /// The id of the directory at `path` in `commit` ("" is the root tree), nil when absent; equal ids mean equal content.
    package func treeID(at path: String, in commit: OID) throws -> OID? {
        let path = Self.normalize(path)
        if path.isEmpty { return try self.commit(commitTreeOf: commit) }
        guard let entry = try treeEntry(at: path, in: commit), entry.isTree else { return nil }
        return entry.id
    }

    /// The names in the directory at `path` in `commit`, in tree order; [] when there is no such directory.
    package func entryNames(at path: String, in commit: OID) throws -> [String] {
        guard let id = try treeID(at: path, in: commit) else { return [] }
        return try handle.use { repo in
            var raw = id.raw
            let tree = try Handle("git_tree_lookup", free: git_tree_free) { git_tree_lookup(&$0, repo, &raw) }
            return tree.use { pointer in
                (0..<git_tree_entrycount(pointer)).compactMap { index in
                    copyString(git_tree_entry_name(git_tree_entry_byindex(pointer, index)))
                }
            }
        }
    }

    /// What `path` names in `commit`'s tree, nil when nothing.
    func treeEntry(at path: String, in commit: OID) throws -> TreeEntryInfo? {
        let path = Self.normalize(path)
        guard !path.isEmpty else { return nil }
        let tree = try rootTree(of: commit)
        return try tree.use { pointer in
            var entry: OpaquePointer?
            let rc = git_tree_entry_bypath(&entry, pointer, path)
            if isCode(rc, GIT_ENOTFOUND) { return nil }
            try check(rc, "git_tree_entry_bypath")
            guard let entry else { return nil }
            let owned = Handle(entry, free: git_tree_entry_free)
            return owned.use { entry in
                guard let id = OID(git_tree_entry_id(entry)) else { return nil }
                return TreeEntryInfo(
                    id: id, isTree: git_tree_entry_type(entry) == GIT_OBJECT_TREE,
                    mode: git_tree_entry_filemode(entry).rawValue)
            }
        }
    }

    /// The root tree of a commit, owned.
    func rootTree(of commit: OID) throws -> Handle {
        let commitHandle = try lookupCommit(commit)
        return try commitHandle.use { pointer in
            try Handle("git_commit_tree", free: git_tree_free) { git_commit_tree(&$0, pointer) }
        }
    }

    /// The tree with the given id, owned.
    func lookupTree(_ id: OID) throws -> Handle {
        try handle.use { repo in
            var raw = id.raw
            return try Handle("git_tree_lookup", free: git_tree_free) { git_tree_lookup(&$0, repo, &raw) }
        }
    }

    /// The commit with the given id, owned; a missing or non-commit id is an invalid revision.
    func lookupCommit(_ id: OID) throws -> Handle {
        try handle.use { repo in
            var raw = id.raw
            var out: OpaquePointer?
            let rc = git_commit_lookup(&out, repo, &raw)
            if isCode(rc, GIT_ENOTFOUND) { throw GitError.invalidRevision(id.hex) }
            try check(rc, "git_commit_lookup")
            guard let out else { throw GitError.invalidRevision(id.hex) }
            return Handle(out, free: git_commit_free)
        }
    }

    /// The root tree id of a commit.
    func commit(commitTreeOf commit: OID) throws -> OID {
        let handle = try lookupCommit(commit)
        guard let id = handle.use({ OID(git_commit_tree_id($0)) }) else {
            throw GitError.libgit2(function: "git_commit_tree_id", code: -1, message: "commit \(commit) has no tree")
        }
        return id
    }

    /// Repository-relative path without leading, trailing or doubled slashes.
    static func normalize(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
    }
}
