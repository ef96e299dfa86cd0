import CLibGit2
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Repository {
    /// Puts the committed files in the work tree and refreshes only their index entries.
    func workTreeAndIndexUpdate(_ files: [(path: String, data: Data)]) throws {
        for file in files { try writeAtomically(file.data, to: file.path) }
        try refreshIndex(paths: files.map(\.path))
    }

    /// Writes `data` to a temporary file beside `path` and renames it over the target, keeping its
    /// permissions; a symbolic link on the way or at the target is refused, never followed.
    func writeAtomically(_ data: Data, to path: String) throws {
        try ConfinedFiles(root: workdir).write(data, to: path)
    }

    /// Writes `data` to a new temporary file beside `target`, flushes it and renames it over `target`.
    func writeAtomically(_ data: Data, toAbsolute target: String, mode: mode_t) throws {
        let directory = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        let temporary = directory + "/.\(name).podserve-gate-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Self.fileError("open", temporary) }
        var ok = data.withUnsafeBytes { bytes -> Bool in
            var offset = 0
            while offset < bytes.count {
                let written = write(fd, bytes.baseAddress?.advanced(by: offset), bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
        ok = ok && fchmod(fd, mode) == 0 && fsync(fd) == 0
        let error = ok ? nil : Self.fileError("write", temporary)
        close(fd)
        if let error {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let error = Self.fileError("rename", target)
            unlink(temporary)
            throw error
        }
    }

    /// Reloads the index from disk (under our lock), re-adds `paths` from the work tree and writes it back.
    ///
    /// The entries get no stat data (mtime and ctime zero), so git and libgit2 always compare their content:
    /// a same-size edit in the same second as this write can never hide behind a matching timestamp.
    func refreshIndex(paths: [String]) throws {
        try withIndex { pointer in
            for path in paths {
                try check(git_index_add_bypath(pointer, path), "git_index_add_bypath")
                guard let entry = git_index_get_bypath(pointer, path, 0) else { continue }
                var copy = entry.pointee
                Self.clearStat(&copy)
                // The entry's path belongs to the index, which git_index_add rewrites: lend our own copy.
                try path.withCString { cPath in
                    copy.path = cPath
                    try check(git_index_add(pointer, &copy), "git_index_add")
                }
            }
        }
    }

    /// Points the index entries of `updates` at the given blobs (stat data cleared), as a commit recorded them.
    func setIndexEntries(_ updates: [(path: String, id: OID, executable: Bool)]) throws {
        try withIndex { pointer in
            for update in updates {
                try update.path.withCString { cPath in
                    var entry = git_index_entry()
                    entry.path = cPath
                    entry.id = update.id.raw
                    entry.mode = update.executable ? GIT_FILEMODE_BLOB_EXECUTABLE.rawValue : GIT_FILEMODE_BLOB.rawValue
                    try check(git_index_add(pointer, &entry), "git_index_add")
                }
            }
        }
    }

    private static func clearStat(_ entry: inout git_index_entry) {
        entry.ctime = git_index_time()
        entry.mtime = git_index_time()
        entry.dev = 0
        entry.ino = 0
    }

    /// Reads the index fresh, lets `body` change it and writes it back; a held `index.lock` is waited for
    /// briefly, then reported by name (`GitError.lockHeld`).
    private func withIndex(_ body: (OpaquePointer) throws -> Void) throws {
        let index = try handle.use { repo in
            try Handle("git_repository_index", free: git_index_free) { git_repository_index(&$0, repo) }
        }
        try index.use { pointer in
            try check(git_index_read(pointer, 1), "git_index_read")
            try body(pointer)
            var lockedTries = 0
            while true {
                let rc = git_index_write(pointer)
                if isCode(rc, GIT_ELOCKED) {
                    lockedTries += 1
                    if lockedTries > 50 {
                        let path = gitDir + "/index.lock"
                        throw GitError.lockHeld(path: path, age: Self.age(of: path))
                    }
                    usleep(20_000)
                    continue
                }
                try check(rc, "git_index_write")
                return
            }
        }
    }

    private static func fileError(_ function: String, _ path: String) -> GitError {
        let code = errno
        return .fileSystem(operation: function, path: path, message: String(cString: strerror(code)))
    }
}
