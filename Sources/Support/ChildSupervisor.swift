import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The loop that serves one running child: reads stdout and stderr into their captures, writes its stdin,
/// notices its exit and enforces its timeout (SIGTERM to the group, SIGKILL after the grace), all from a
/// single poll() whose timeout is the next deadline on the monotonic clock.
struct ChildSupervisor {
    private(set) var out: OutputCapture
    private(set) var err: OutputCapture
    private(set) var timedOut = false
    /// Input bytes the child never took (it exited or closed stdin first); the write's EPIPE ends here.
    var unwrittenInput: Int { input.map { $0.count - inputOffset } ?? 0 }

    private let pid: pid_t
    private let spec: ProcessSpec
    private let start: Double
    private var stdout: Int32
    private var stderr: Int32
    private var stdin: Int32
    private let input: Data?
    private var inputOffset = 0
    private let exitFD: Int32
    private var exited = false
    private var termSentAt: Double?
    private var killSent = false

    private enum Role { case stdout, stderr, stdin, exit }

    init(child: SpawnedChild, watch: ExitWatch, spec: ProcessSpec, start: Double) {
        out = OutputCapture(limit: spec.outputLimit)
        err = OutputCapture(limit: spec.outputLimit)
        pid = child.pid
        self.spec = spec
        self.start = start
        stdout = child.stdout
        stderr = child.stderr
        stdin = child.stdin ?? -1
        input = child.stdin == nil ? nil : spec.standardInput
        exitFD = watch.descriptor
    }

    /// Returns once the child has exited and both streams reached end of file (or were abandoned after
    /// SIGKILL); every pipe descriptor is closed by then. The exit descriptor belongs to the watch.
    mutating func runUntilDone() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !(exited && stdout < 0 && stderr < 0) {
            enforceDeadlines()
            var fds: [pollfd] = []
            var roles: [Role] = []
            func watch(_ fd: Int32, _ events: Int32, _ role: Role) {
                fds.append(pollfd(fd: fd, events: Int16(events), revents: 0))
                roles.append(role)
            }
            if stdout >= 0 { watch(stdout, POLLIN, .stdout) }
            if stderr >= 0 { watch(stderr, POLLIN, .stderr) }
            if stdin >= 0 { watch(stdin, POLLOUT, .stdin) }
            if !exited { watch(exitFD, POLLIN, .exit) }
            let rc = poll(&fds, nfds_t(fds.count), waitMilliseconds())
            if rc < 0 {
                if errno == EINTR { continue }
                break  // EFAULT/EINVAL cannot happen with our own array; never spin on it.
            }
            for (entry, role) in zip(fds, roles) where entry.revents != 0 {
                switch role {
                case .stdout: Self.read(&stdout, into: &out, buffer: &buffer)
                case .stderr: Self.read(&stderr, into: &err, buffer: &buffer)
                case .stdin: writeInput()
                case .exit: exited = true
                }
            }
        }
        closeStdin()
        // Reached only after a failed poll (never expected): leave nothing open behind.
        for fd in [stdout, stderr] where fd >= 0 { close(fd) }
        stdout = -1
        stderr = -1
    }

    /// SIGTERM to the group once the timeout passed, SIGKILL once the grace passed too; after SIGKILL the
    /// streams are abandoned, since a grandchild that left the group could hold them open for ever.
    private mutating func enforceDeadlines() {
        let now = MonotonicClock.now()
        if let timeout = spec.timeout, termSentAt == nil, now - start >= timeout {
            timedOut = true
            kill(-pid, SIGTERM)
            termSentAt = now
        }
        if let sent = termSentAt, !killSent, now - sent >= spec.killGrace {
            kill(-pid, SIGKILL)
            killSent = true
            for fd in [stdout, stderr] where fd >= 0 { close(fd) }
            stdout = -1
            stderr = -1
            closeStdin()
        }
    }

    /// Milliseconds until the next deadline (rounded up, so it is never woken early), or -1 for none.
    private func waitMilliseconds() -> Int32 {
        let next: Double?
        if killSent {
            next = nil
        } else if let sent = termSentAt {
            next = sent + spec.killGrace
        } else {
            next = spec.timeout.map { start + $0 }
        }
        guard let next else { return -1 }
        let ms = ((next - MonotonicClock.now()) * 1000).rounded(.up)
        return Int32(max(0, min(ms, Double(Int32.max))))
    }

    private static func read(_ fd: inout Int32, into capture: inout OutputCapture, buffer: inout [UInt8]) {
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            buffer.withUnsafeBytes { capture.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
            close(fd)
            fd = -1
        }
    }

    /// Writes what the pipe takes now; EPIPE (the child is gone or closed stdin) ends the input quietly,
    /// its SIGPIPE held off by `BrokenPipeGuard`.
    private mutating func writeInput() {
        guard let input else { return closeStdin() }
        let n = input.withUnsafeBytes { raw in
            Glibc.write(stdin, raw.baseAddress! + inputOffset, min(raw.count - inputOffset, 65536))
        }
        if n > 0 {
            inputOffset += n
            if inputOffset == input.count { closeStdin() }
        } else if n < 0 && errno != EINTR && errno != EAGAIN {
            closeStdin()
        }
    }

    private mutating func closeStdin() {
        if stdin >= 0 { close(stdin) }
        stdin = -1
    }
}
