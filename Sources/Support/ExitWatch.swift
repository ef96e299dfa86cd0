import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Tells when a child has exited through a descriptor that `poll()` waits on beside the child's pipes, so
/// the runner sleeps until output, exit or its next deadline, instead of calling `waitpid` every few ms.
///
/// The watch never reaps: the exited leader stays a zombie, which keeps its pid (and so its process group
/// id) from being reused until `reap()`, so the runner can still kill what is left of the group safely.
/// It uses a pidfd (`pidfd_open`, Linux 5.3) and, where that is refused (old kernel, seccomp), a thread
/// blocked in `waitid(WEXITED | WNOWAIT)` that closes the write end of a close-on-exec pipe on exit.
struct ExitWatch {
    /// How the exit is observed; `waiterThread` is the fallback, chosen by tests to cover it too.
    enum Method: Sendable { case pidfd, waiterThread }

    let pid: pid_t
    /// Readable (pidfd) or at end of file (pipe) once the child has exited.
    let descriptor: Int32
    let method: Method

    /// Starts watching `pid`; throws only when no descriptor can be had at all (EMFILE), and then the
    /// caller must kill and reap the child itself.
    init(pid: pid_t, preferred: Method, command: String) throws {
        self.pid = pid
        if preferred == .pidfd {
            let fd = CCalls.pidfdOpen(pid)
            if fd >= 0 {
                descriptor = fd
                method = .pidfd
                return
            }
        }
        let pipe = try CloseOnExecPipe(for: command)
        let writeEnd = pipe.writeEnd
        Thread.detachNewThread {
            var info = siginfo_t()
            // ECHILD (SIGCHLD ignored, child auto-reaped) also ends the wait: the child is gone either way.
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
            close(writeEnd)
        }
        descriptor = pipe.readEnd
        method = .waiterThread
    }

    /// Collects the exit status and the CPU time the child used (user + system, with the descendants it
    /// reaped itself, from `wait4`), then closes the descriptor; the child has exited, so this does not block.
    func reap() -> (exitCode: Int32?, signal: Int32?, cpuSeconds: Double) {
        defer { close(descriptor) }
        var status: Int32 = 0
        var usage = rusage()
        var r: pid_t
        repeat { r = wait4(pid, &status, 0, &usage) } while r < 0 && errno == EINTR
        guard r == pid else { return (nil, nil, 0) }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime)
        let low = status & 0x7f
        if low == 0 { return ((status >> 8) & 0xff, nil, cpu) }
        return (nil, low, cpu)
    }

    /// Reaps a child that no watch could be started for: blocking, after the caller killed its group.
    static func reapBlocking(_ pid: pid_t) {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
