import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs children with posix_spawn in their own process group, draining both pipes and feeding stdin with
/// one poll() that also waits for the child's exit (a pidfd) and its next deadline, so neither stream can
/// deadlock, nothing is polled on a timer, and the whole group is torn down on timeout or interrupt.
package struct SystemProcessRunner: ProcessRunner {
    /// Where this runner's children's time is counted (one per gate worker), besides the process-wide registry.
    package let account: ChildTimeAccount?
    let registry: ChildRegistry
    let exitMethod: ExitWatch.Method

    package init(account: ChildTimeAccount? = nil) {
        self.init(account: account, registry: .shared, exitMethod: .pidfd)
    }

    /// A runner with its own registry (so a test can cancel its children without cancelling every other
    /// test's) and a chosen way to observe exits (so the waiter-thread fallback is tested too).
    init(account: ChildTimeAccount? = nil, registry: ChildRegistry, exitMethod: ExitWatch.Method) {
        self.account = account
        self.registry = registry
        self.exitMethod = exitMethod
    }

    package var childTimeAccount: ChildTimeAccount? { account }

    package func run(_ spec: ProcessSpec) throws -> ProcessResult {
        let start = MonotonicClock.now()
        let child = try ChildSpawn.start(spec, registry: registry)
        account?.began()
        let watch: ExitWatch
        do {
            watch = try ExitWatch(pid: child.pid, preferred: exitMethod, command: spec.displayCommand)
        } catch {
            // Out of descriptors even for the watch: end the child now rather than lose track of it.
            kill(-child.pid, SIGKILL)
            for fd in [child.stdout, child.stderr] + (child.stdin.map { [$0] } ?? []) { close(fd) }
            ExitWatch.reapBlocking(child.pid)
            registry.remove(child.pid)
            account?.ended(cpuSeconds: 0)
            throw error
        }
        var supervisor = ChildSupervisor(child: child, watch: watch, spec: spec, start: start)
        BrokenPipeGuard.run { supervisor.runUntilDone() }
        // Whatever the leader did, leave no member of its group behind; the leader is still a zombie here,
        // so its group id cannot have been reused.
        kill(-child.pid, SIGKILL)
        registry.remove(child.pid)
        let status = watch.reap()
        account?.ended(cpuSeconds: status.cpuSeconds)
        var result = ProcessResult(
            exitCode: status.exitCode, signal: status.signal,
            stdout: supervisor.out.kept, stderr: supervisor.err.kept,
            stdoutTotal: supervisor.out.total, stderrTotal: supervisor.err.total,
            duration: MonotonicClock.now() - start, timedOut: supervisor.timedOut)
        result.unwrittenInput = supervisor.unwrittenInput
        result.cpuSeconds = status.cpuSeconds
        return result
    }
}
