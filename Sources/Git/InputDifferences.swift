import CLibGit2
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A path whose index or work-tree content differs from a commit, and how.
package struct PathDifference: Equatable, Sendable, CustomStringConvertible {
    package let path: String
    /// "staged", "changed in the work tree", "deleted in the work tree", "untracked", "mode changed" …
    package let change: String
    package var description: String { "\(path) (\(change))" }
}

extension Repository {
    /// Every path under `prefixes` (files or directories) whose index entry or work-tree content differs from
    /// `commit`, compared by blob id and executable bit, never by stat data (which racy edits can fool).
    /// Untracked files count unless git ignores them; nothing is written.
    package func differences(from commit: OID?, under prefixes: [String]) throws -> [PathDifference] {
        let prefixes = Array(Set(prefixes.map(Self.normalize).filter { !$0.isEmpty })).sorted()
        var committed: [String: (OID, Bool)] = [:]
        var staged: [String: (OID, Bool)] = [:]
        var onDisk: [String: (OID, Bool)] = [:]
        for prefix in prefixes {
            if let commit { try collectCommitted(prefix, in: commit, into: &committed) }
            try collectWorkTree(prefix, into: &onDisk)
        }
        try collectIndex(prefixes, into: &staged)
        var result: [PathDifference] = []
        for path in Set(committed.keys).union(staged.keys).union(onDisk.keys).sorted() {
            let head = committed[path], index = staged[path], disk = onDisk[path]
            if head == nil && index == nil {
                if try !isIgnored(path) { result.append(PathDifference(path: path, change: "untracked")) }
                continue
            }
            if let change = Self.describe(
                from: head, to: index, absent: "removed from the index", new: "staged", changed: "staged")
            {
                result.append(PathDifference(path: path, change: change))
            } else if let change = Self.describe(
                from: head, to: disk, absent: "deleted in the work tree",
                new: "untracked", changed: "changed in the work tree")
            {
                result.append(PathDifference(path: path, change: change))
            }
        }
        return result
    }

    private static func describe(
        from base: (OID, Bool)?, to other: (OID, Bool)?, absent: String, new: String,
        changed: String
    ) -> String? {
        switch (base, other) {
        case (nil, nil): return nil
        case (.some, nil): return absent
        case (nil, .some): return new
        case (.some(let a), .some(let b)):
            if a.0 != b.0 { return changed }
            return a.1 != b.1 ? changed + " (executable bit)" : nil
        }
    }

    /// Blobs under `prefix` in `commit` (a file prefix names itself), with their executable bit.
    private func collectCommitted(_ prefix: String, in commit: OID, into out: inout [String: (OID, Bool)]) throws {
        guard let entry = try treeEntry(at: prefix, in: commit) else { return }
        if !entry.isTree {
            out[prefix] = (entry.id, entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue)
            return
        }
        try walkTree(entry.id, prefix: prefix) { path, id, mode in
            out[path] = (id, mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue)
        }
    }

    private func walkTree(_ id: OID, prefix: String, _ visit: (String, OID, UInt32) throws -> Void) throws {
        let tree = try lookupTree(id)
        let entries: [(String, OID, UInt32)] = tree.use { pointer in
            (0..<git_tree_entrycount(pointer)).compactMap { index in
                guard let entry = git_tree_entry_byindex(pointer, index),
                    let name = copyString(git_tree_entry_name(entry)),
                    let id = OID(git_tree_entry_id(entry))
                else { return nil }
                return (prefix + "/" + name, id, git_tree_entry_filemode(entry).rawValue)
            }
        }
        for (path, id, mode) in entries {
            if mode == GIT_FILEMODE_TREE.rawValue {
                try walkTree(id, prefix: path, visit)
            } else {
                try visit(path, id, mode)
            }
        }
    }

    /// Stage-0 index entries at or under any of `prefixes`, read fresh from disk.
    private func collectIndex(_ prefixes: [String], into out: inout [String: (OID, Bool)]) throws {
        let index = try handle.use { repo in
            try Handle("git_repository_index", free: git_index_free) { git_repository_index(&$0, repo) }
        }
        try index.use { pointer in
            try check(git_index_read(pointer, 1), "git_index_read")
            for position in 0..<git_index_entrycount(pointer) {
                guard let entry = git_index_get_byindex(pointer, position), let path = copyString(entry.pointee.path)
                else { continue }
                guard prefixes.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) else { continue }
                out[path] = (OID(entry.pointee.id), entry.pointee.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue)
            }
        }
    }

    /// Files (and symlinks, hashed as git stores them) at or under `prefix` in the work tree, never following a link.
    private func collectWorkTree(_ prefix: String, into out: inout [String: (OID, Bool)]) throws {
        var info = stat()
        let absolute = workdir + "/" + prefix
        guard lstat(absolute, &info) == 0 else { return }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: absolute) else { return }
            for name in names.sorted() where name != ".git" {
                try collectWorkTree(prefix + "/" + name, into: &out)
            }
        case S_IFLNK:
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: absolute)) ?? ""
            out[prefix] = (try Self.hashBlob(Data(target.utf8)), false)
        case S_IFREG:
            guard let data = FileManager.default.contents(atPath: absolute) else {
                throw GitError.fileSystem(operation: "read", path: absolute, message: "cannot read the file")
            }
            out[prefix] = (try Self.hashBlob(data), info.st_mode & S_IXUSR != 0)
        default:
            return
        }
    }

    /// Whether git's ignore rules (.gitignore, info/exclude, core.excludesFile) ignore `path`.
    func isIgnored(_ path: String) throws -> Bool {
        try handle.use { repo in
            var ignored: Int32 = 0
            try check(git_ignore_path_is_ignored(&ignored, repo, path), "git_ignore_path_is_ignored")
            return ignored == 1
        }
    }
}
