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
        var ok = writeAll(data, to: fd)
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

    /// Points the index entries of `paths` at the files just written to the work tree.
    ///
    /// The entries get no stat data (mtime and ctime zero), so git and libgit2 always compare their content:
    /// a same-size edit in the same second as this write can never hide behind a matching timestamp.
    func refreshIndex(paths: [String]) throws {
        let updates = try paths.map { path -> (path: String, id: OID, executable: Bool) in
            let absolute = workdir + "/" + path
            guard let data = FileManager.default.contents(atPath: absolute) else {
                throw GitError.fileSystem(operation: "read", path: absolute, message: "the file just written is gone")
            }
            var info = stat()
            let executable = lstat(absolute, &info) == 0 && info.st_mode & S_IXUSR != 0
            return (path, try Self.hashBlob(data), executable)
        }
        try setIndexEntries(updates)
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

    /// Changes the index the way git does, so no concurrent `git add` is lost: `index.lock` is taken (created
    /// exclusively) before the index is read, the changed index is written into the lock file, which is then
    /// renamed over `index`. A held `index.lock` is waited for briefly, then reported by name (`lockHeld`).
    private func withIndex(_ body: (OpaquePointer) throws -> Void) throws {
        let indexPath = gitDir + "/index"
        let lockPath = indexPath + ".lock"
        var lockedTries = 0
        var lockFD: Int32 = -1
        while true {
            lockFD = open(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if lockFD >= 0 { break }
            guard errno == EEXIST else { throw Self.fileError("open", lockPath) }
            lockedTries += 1
            if lockedTries > 50 { throw GitError.lockHeld(path: lockPath, age: Self.age(of: lockPath)) }
            usleep(20_000)
        }
        let scratch = gitDir + "/podserve-gate-index-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        var renamed = false
        defer {
            if lockFD >= 0 { close(lockFD) }
            if !renamed { unlink(lockPath) }
            unlink(scratch)
            unlink(scratch + ".lock")
        }
        // Read the index as it is now that nobody else can write it, in a private copy libgit2 may rewrite.
        if let current = FileManager.default.contents(atPath: indexPath) {
            guard FileManager.default.createFile(atPath: scratch, contents: current) else {
                throw Self.fileError("write", scratch)
            }
        }
        let index = try Handle("git_index_open", free: git_index_free) { git_index_open(&$0, scratch) }
        let data: Data = try index.use { pointer in
            try check(git_index_read(pointer, 1), "git_index_read")
            try body(pointer)
            try check(git_index_write(pointer), "git_index_write")
            guard let written = FileManager.default.contents(atPath: scratch) else {
                throw Self.fileError("read", scratch)
            }
            return written
        }
        let ok = writeAll(data, to: lockFD)
        guard ok, fsync(lockFD) == 0 else { throw Self.fileError("write", lockPath) }
        close(lockFD)
        lockFD = -1
        guard rename(lockPath, indexPath) == 0 else { throw Self.fileError("rename", indexPath) }
        renamed = true
    }

    private static func fileError(_ function: String, _ path: String) -> GitError {
        let code = errno
        return .fileSystem(operation: function, path: path, message: String(cString: strerror(code)))
    }
}
