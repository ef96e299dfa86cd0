import CLibGit2
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `Repository.export` wrote: how many files, and the symlinks it refused to write.
package struct TreeExport: Sendable {
    package var files = 0
    /// Repository-relative paths of symlink entries; an export never writes a link that could point anywhere.
    package var symlinks: [String] = []
}

extension Repository {
    /// Writes the files of `commit`'s tree into `directory` (which must exist and be empty), as a private copy
    /// of committed content that nothing edited in the work tree can change. Symlinks and submodules are not
    /// written; symlinks are listed so the caller can refuse them.
    /// Folders for which `skipping` returns true are left out whole.
    package func export(_ commit: OID, to directory: String, skipping: (String) -> Bool = { _ in false }) throws
        -> TreeExport
    {
        var result = TreeExport()
        let root = try self.commit(commitTreeOf: commit)
        try exportTree(root, prefix: "", into: directory, skipping: skipping, result: &result)
        return result
    }

    private func exportTree(
        _ id: OID, prefix: String, into directory: String, skipping: (String) -> Bool,
        result: inout TreeExport
    ) throws {
        let tree = try lookupTree(id)
        let entries: [(name: String, id: OID, mode: UInt32)] = tree.use { pointer in
            (0..<git_tree_entrycount(pointer)).compactMap { index in
                guard let entry = git_tree_entry_byindex(pointer, index),
                    let name = copyString(git_tree_entry_name(entry)),
                    let id = OID(git_tree_entry_id(entry))
                else { return nil }
                return (name, id, git_tree_entry_filemode(entry).rawValue)
            }
        }
        for entry in entries {
            let relative = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            guard Self.isSafeEntryName(entry.name) else {
                throw GitError.invalidPath(
                    relative,
                    reason: "a tree entry git refuses to check out (\".\", \"..\", a slash, "
                        + "a NUL or .git); the commit is malformed, so nothing is exported or judged")
            }
            let target = directory + "/" + relative
            switch entry.mode {
            case GIT_FILEMODE_TREE.rawValue:
                if skipping(relative) { continue }
                guard mkdir(target, 0o755) == 0 else { throw Self.exportError("mkdir", target) }
                try exportTree(entry.id, prefix: relative, into: directory, skipping: skipping, result: &result)
            case GIT_FILEMODE_BLOB.rawValue, GIT_FILEMODE_BLOB_EXECUTABLE.rawValue:
                let mode: mode_t = entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue ? 0o755 : 0o644
                try writeNew(try blobData(entry.id), to: target, mode: mode)
                result.files += 1
            case GIT_FILEMODE_LINK.rawValue:
                result.symlinks.append(relative)
            default:
                continue  // a submodule: its content is not in this repository
            }
        }
    }

    /// git's own rule for a name it would write to disk (verify_path): not empty, `.` or `..`, no slash or NUL,
    /// and not `.git` in any letter case or with the trailing dots and spaces some file systems drop.
    package static func isSafeEntryName(_ name: String) -> Bool {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0") else { return false }
        var folded = name.lowercased()
        while let last = folded.last, last == "." || last == " " { folded.removeLast() }
        return folded != ".git" && folded != "git~1"
    }

    /// Creates `path` (never following or replacing anything) and writes `data` to it.
    private func writeNew(_ data: Data, to path: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Self.exportError("open", path) }
        defer { close(fd) }
        let ok = writeAll(data, to: fd)
        guard ok, fchmod(fd, mode) == 0 else { throw Self.exportError("write", path) }
    }

    private static func exportError(_ operation: String, _ path: String) -> GitError {
        .fileSystem(operation: operation, path: path, message: String(cString: strerror(errno)))
    }
}
