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

    /// Writes `data` to a temporary file beside `path` and renames it over the target, keeping its permissions.
    func writeAtomically(_ data: Data, to path: String) throws {
        let target = workdir + "/" + path
        let directory = (target as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw GitError.fileSystem(operation: "mkdir", path: directory, message: error.localizedDescription)
        }
        var info = stat()
        let mode: mode_t = stat(target, &info) == 0 ? info.st_mode & 0o7777 : 0o644
        let temporary = directory + "/.\((path as NSString).lastPathComponent).podserve-gate-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
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
        ok = ok && fchmod(fd, mode) == 0
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
    func refreshIndex(paths: [String]) throws {
        let index = try handle.use { repo in
            try Handle("git_repository_index", free: git_index_free) { git_repository_index(&$0, repo) }
        }
        try index.use { pointer in
            try check(git_index_read(pointer, 1), "git_index_read")
            for path in paths {
                try check(git_index_add_bypath(pointer, path), "git_index_add_bypath")
            }
            var lockedTries = 0
            while true {
                let rc = git_index_write(pointer)
                if isCode(rc, GIT_ELOCKED) && lockedTries < 50 {
                    lockedTries += 1
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
