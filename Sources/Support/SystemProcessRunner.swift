import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs children with posix_spawn in their own process group, draining both pipes with poll()
/// so neither can deadlock, and tearing the whole group down on timeout or interrupt.
public struct SystemProcessRunner: ProcessRunner {
    /// Where this runner's children's time is counted (one per gate worker), besides the process-wide registry.
    public let account: ChildTimeAccount?

    public init(account: ChildTimeAccount? = nil) {
        self.account = account
    }

    public var childTimeAccount: ChildTimeAccount? { account }

    public func run(_ spec: ProcessSpec) throws -> ProcessResult {
        let start = Date()
        let child = try spawn(spec)
        account?.began()
        var cpuSeconds = 0.0
        defer {
            account?.ended(cpuSeconds: cpuSeconds)
            ChildRegistry.shared.remove(child.pid)
        }
        var out = OutputCapture(limit: spec.outputLimit)
        var err = OutputCapture(limit: spec.outputLimit)
        var timedOut = false
        var fds = [pollfd(fd: child.stdout, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: child.stderr, events: Int16(POLLIN), revents: 0)]
        var termSentAt: Date?
        var buffer = [UInt8](repeating: 0, count: 65536)
        while fds.contains(where: { $0.fd >= 0 }) {
            let now = Date()
            if let timeout = spec.timeout, termSentAt == nil, now.timeIntervalSince(start) >= timeout {
                timedOut = true
                kill(-child.pid, SIGTERM)
                termSentAt = now
            }
            if let sent = termSentAt, now.timeIntervalSince(sent) >= spec.killGrace {
                kill(-child.pid, SIGKILL)
                // Grandchildren may keep the pipes open after a SIGKILL of the group leader only if they
                // left the group; stop reading so we never hang on them.
                for i in fds.indices where fds[i].fd >= 0 { close(fds[i].fd); fds[i].fd = -1 }
                break
            }
            let rc = poll(&fds, nfds_t(fds.count), 50)
            if rc < 0 {
                if errno == EINTR { continue }
                break
            }
            for i in fds.indices where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = read(fds[i].fd, &buffer, buffer.count)
                if n > 0 {
                    buffer.withUnsafeBytes { bytes in
                        let chunk = UnsafeRawBufferPointer(rebasing: bytes[0..<n])
                        if i == 0 { out.append(chunk) } else { err.append(chunk) }
                    }
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(fds[i].fd)
                    fds[i].fd = -1
                }
            }
        }
        let status = waitForExit(child.pid, spec: spec, start: start, termSentAt: &termSentAt, timedOut: &timedOut,
                                 cpuSeconds: &cpuSeconds)
        // Whatever the leader did, leave no member of its group behind.
        kill(-child.pid, SIGKILL)
        return ProcessResult(
            exitCode: status.exitCode, signal: status.signal,
            stdout: out.kept, stderr: err.kept, stdoutTotal: out.total, stderrTotal: err.total,
            duration: Date().timeIntervalSince(start), timedOut: timedOut)
    }

    private struct Child { var pid: pid_t; var stdout: Int32; var stderr: Int32 }

    /// Reaps the child with wait4, so its own rusage (CPU time, with the descendants it reaped) is known.
    private func waitForExit(_ pid: pid_t, spec: ProcessSpec, start: Date, termSentAt: inout Date?,
                             timedOut: inout Bool, cpuSeconds: inout Double) -> (exitCode: Int32?, signal: Int32?) {
        var status: Int32 = 0
        var usage = rusage()
        while true {
            let r = wait4(pid, &status, WNOHANG, &usage)
            if r == pid {
                func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
                cpuSeconds = seconds(usage.ru_utime) + seconds(usage.ru_stime)
                break
            }
            if r < 0 && errno != EINTR { return (nil, nil) }
            let now = Date()
            if let timeout = spec.timeout, termSentAt == nil, now.timeIntervalSince(start) >= timeout {
                timedOut = true
                kill(-pid, SIGTERM)
                termSentAt = now
            }
            if let sent = termSentAt, now.timeIntervalSince(sent) >= spec.killGrace { kill(-pid, SIGKILL) }
            usleep(5000)
        }
        let low = status & 0x7f
        if low == 0 { return ((status >> 8) & 0xff, nil) }
        return (nil, low)
    }

    private func spawn(_ spec: ProcessSpec) throws -> Child {
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        var inPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0, pipe(&inPipe) == 0 else {
            throw ProcessError.spawnFailed(command: spec.displayCommand, errno: errno)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in [inPipe[0], inPipe[1], outPipe[0], outPipe[1], errPipe[0], errPipe[1]] {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        if let dir = spec.workingDirectory {
            guard addChdir(&actions, dir) == 0 else {
                throw ProcessError.spawnFailed(command: spec.displayCommand, errno: ENOSYS)
            }
        }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, s) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setsigmask(&attr, &mask)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = [spec.executable] + spec.arguments
        let env = (spec.environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let rc: Int32 = try ChildRegistry.shared.spawning(command: spec.displayCommand) {
            withCStrings(argv) { argvp in
                withCStrings(env) { envp in
                    posix_spawnp(&pid, spec.executable, &actions, &attr, argvp, envp)
                }
            }
        } register: { pid }
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        if rc != 0 {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            if rc == ENOENT { throw ProcessError.notFound(executable: spec.executable) }
            throw ProcessError.spawnFailed(command: spec.displayCommand, errno: rc)
        }
        writeInput(spec.standardInput, to: inPipe[1])
        return Child(pid: pid, stdout: outPipe[0], stderr: errPipe[0])
    }

    /// Small inputs are written at once; the child sees EOF after them.
    private func writeInput(_ data: Data?, to fd: Int32) {
        if let data, !data.isEmpty {
            let copy = data
            // A background writer keeps a large input from blocking our reads of the child's output.
            Thread.detachNewThread {
                copy.withUnsafeBytes { raw in
                    var offset = 0
                    while offset < raw.count {
                        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                        if n <= 0 { if errno == EINTR { continue }; break }
                        offset += n
                    }
                }
                close(fd)
            }
        } else {
            close(fd)
        }
    }
}

/// glibc has posix_spawn_file_actions_addchdir_np (2.29+), but Swift's Glibc module does not import it.
private let addChdir: (UnsafeMutablePointer<posix_spawn_file_actions_t>, String) -> Int32 = {
    typealias Fn = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    guard let sym = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return { _, _ in ENOSYS } }
    let fn = unsafeBitCast(sym, to: Fn.self)
    return { actions, dir in fn(actions, dir) }
}()

private func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return body(pointers)
}
