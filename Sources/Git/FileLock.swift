import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock on a file (`flock`), released on `unlock()`, on deinit, or when the process dies.
///
/// Two `FileLock` instances on the same path exclude each other even inside one process, because each
/// opens its own file description. The lock file is never deleted, so no process can lock a stale inode.
package final class FileLock {
    /// The lock file's path.
    package let path: String
    private var descriptor: Int32 = -1

    /// Prepares a lock on `path`; nothing is opened or locked until `tryLock()` or `lock(timeout:)`.
    package init(path: String) {
        self.path = path
    }

    /// Whether this instance currently holds the lock.
    package var isLocked: Bool { descriptor >= 0 }

    /// Takes the lock if nobody holds it and returns at once; false when another holder has it.
    package func tryLock() throws -> Bool {
        if isLocked { return true }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw GitError.fileSystem(operation: "open", path: path, message: Self.describeErrno())
        }
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 {
                descriptor = fd
                let stamp = "\(getpid())\n"
                _ = ftruncate(fd, 0)
                _ = stamp.withCString { write(fd, $0, strlen($0)) }
                return true
            }
            let error = errno
            if error == EINTR { continue }
            close(fd)
            if error == EWOULDBLOCK || error == EAGAIN { return false }
            throw GitError.fileSystem(operation: "flock", path: path, message: Self.describeErrno(error))
        }
    }

    /// Waits up to `timeout` seconds for the lock, then throws `GitError.busy` naming the lock file.
    package func lock(timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(max(0, timeout))
        var pause: UInt32 = 5_000
        while !(try tryLock()) {
            if Date() >= deadline { throw GitError.busy(lockPath: path) }
            usleep(pause)
            pause = min(pause * 2, 100_000)
        }
    }

    /// Releases the lock if held; safe to call more than once.
    package func unlock() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        _ = flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    /// Runs `body` while holding the lock, waiting up to `timeout` for it.
    package func withLock<T>(timeout: TimeInterval, _ body: () throws -> T) throws -> T {
        try lock(timeout: timeout)
        defer { unlock() }
        return try body()
    }

    deinit { unlock() }

    /// " (held by pid N)" from the pid a holder writes into the lock file, or "" when unreadable.
    package static func holderNote(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path),
            let pid = Int32(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else { return "" }
        return " (held by pid \(pid)\(kill(pid, 0) == 0 ? ", running" : ""))"
    }

    private static func describeErrno(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}

extension Repository {
    /// Path of the lock every transition writer holds for its whole read-commit-move-index sequence.
    package var transitionLockPath: String { commonDir + "/podserve-gate.lock" }

    /// A named lock under `<git dir>/podserve-gate/`, e.g. one per service so two runs of one gate cannot overlap.
    package func lockFile(named name: String) -> FileLock {
        let safe = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" }
        return FileLock(path: commonDir + "/podserve-gate/" + String(safe) + ".lock")
    }
}
