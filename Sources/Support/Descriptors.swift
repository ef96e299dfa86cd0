import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A pipe whose two ends are close-on-exec from the moment they exist (`pipe2(O_CLOEXEC)`), so a child
/// that another thread spawns meanwhile never inherits them; only the ends `posix_spawn` dup2s onto a
/// child's 0, 1 or 2 reach that child (dup2 clears close-on-exec on the copy).
struct CloseOnExecPipe {
    let readEnd: Int32
    let writeEnd: Int32

    /// Creates the pipe or throws `spawnFailed` naming the command and the errno (EMFILE, ENFILE).
    init(for command: String) throws {
        var fds: [Int32] = [-1, -1]
        let rc = fds.withUnsafeMutableBufferPointer { CCalls.pipe2($0.baseAddress!, O_CLOEXEC) }
        guard rc == 0 else { throw ProcessError.spawnFailed(command: command, errno: errno) }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    func closeBoth() {
        close(readEnd)
        close(writeEnd)
    }
}

/// C calls that Swift's Glibc module does not import (they need `_GNU_SOURCE` or a newer header), looked
/// up once with `dlsym`; a missing one answers ENOSYS instead of crashing.
enum CCalls {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias PidfdOpen = @convention(c) (pid_t, UInt32) -> Int32
    typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    private static let pipe2Symbol: Pipe2? = dlsym(nil, "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    private static let pidfdOpenSymbol: PidfdOpen? =
        dlsym(nil, "pidfd_open").map { unsafeBitCast($0, to: PidfdOpen.self) }
    /// glibc 2.29+; sets the child's working directory between fork and exec.
    private static let addChdirSymbol: AddChdir? =
        dlsym(nil, "posix_spawn_file_actions_addchdir_np").map { unsafeBitCast($0, to: AddChdir.self) }

    /// `pipe2(2)`; glibc has had it since 2.9, so ENOSYS here means a libc this tool does not support.
    static func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
        guard let fn = pipe2Symbol else { errno = ENOSYS; return -1 }
        return fn(fds, flags)
    }

    /// `pidfd_open(2)` (Linux 5.3, glibc 2.36): a close-on-exec descriptor that polls readable once the
    /// process has exited, without reaping it. -1 with errno (ENOSYS, EPERM under seccomp, EMFILE) otherwise.
    static func pidfdOpen(_ pid: pid_t) -> Int32 {
        guard let fn = pidfdOpenSymbol else { errno = ENOSYS; return -1 }
        return fn(pid, 0)
    }

    static func addChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ dir: String) -> Int32 {
        guard let fn = addChdirSymbol else { return ENOSYS }
        return fn(actions, dir)
    }
}

/// Seconds on CLOCK_MONOTONIC: timeouts and durations that a wall-clock step (NTP, a manual `date -s`)
/// can neither shorten nor stretch.
enum MonotonicClock {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
