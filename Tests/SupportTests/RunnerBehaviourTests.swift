import Foundation
import Synchronization
import Testing

@testable import Support

#if canImport(Glibc)
    import Glibc
#endif

/// The runner's contract with real children: exit codes and signals, head-and-tail output limits, the
/// timeout that ends the whole process group, input to a child that stops reading, interrupts, and exits
/// observed without a polling loop; each with the pidfd watch and with its waiter-thread fallback.
extension RunnerTests {
    @Suite struct Behaviour {
        static let methods: [ExitWatch.Method] = [.pidfd, .waiterThread]

        @Test(arguments: methods) func exitCodesSignalsAndBothStreams(method: ExitWatch.Method) throws {
            let runner = SystemProcessRunner(registry: .shared, exitMethod: method)
            let result = try runner.run(ProcessSpec("/bin/sh", ["-c", "echo out; echo err >&2; exit 7"]))
            #expect(result.exitCode == 7 && result.signal == nil && !result.timedOut)
            #expect(result.stdoutText == "out\n" && result.stderrText == "err\n")
            let killed = try runner.run(ProcessSpec("/bin/sh", ["-c", "kill -KILL $$"]))
            #expect(killed.exitCode == nil && killed.signal == SIGKILL)
            // A shell loop that counts burns CPU time the result reports; a sleeping child burns almost none.
            let busy = try runner.run(
                ProcessSpec("/bin/sh", ["-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"]))
            #expect(busy.exitCode == 0 && busy.cpuSeconds > 0.05 && busy.cpuSeconds <= busy.duration + 0.05)
            let idle = try runner.run(ProcessSpec("sleep", ["0.3"]))
            #expect(idle.cpuSeconds < 0.1)
            let true_ = try runner.run(ProcessSpec("/bin/true"))
            #expect(true_.succeeded && true_.stdout.isEmpty)
        }

        /// A child printing far more than the limit costs `outputLimit` bytes: the head and the tail survive,
        /// every byte is counted.
        @Test func outputBeyondTheLimitKeepsHeadAndTail() throws {
            let result = try SystemProcessRunner().run(ProcessSpec("seq", ["1", "200000"], outputLimit: 1000))
            let expected = (1...200_000).map { "\($0)\n" }.joined().utf8.count
            #expect(result.stdoutTotal == expected)
            #expect(result.stdout.count <= 1000)
            #expect(result.stdoutText.hasPrefix("1\n2\n3\n"))
            #expect(result.stdoutText.hasSuffix("199999\n200000\n"))
            #expect(result.stdoutText.contains("bytes of output omitted"))
        }

        /// The timeout sends SIGTERM to the whole group, so a grandchild in the background dies with its parent;
        /// the result says how long it ran, measured on the monotonic clock.
        @Test(arguments: methods) func timeoutEndsTheWholeProcessGroup(method: ExitWatch.Method) throws {
            let runner = SystemProcessRunner(registry: .shared, exitMethod: method)
            let result = try runner.run(
                ProcessSpec(
                    "/bin/sh", ["-c", "sleep 30 & echo $!; wait"], timeout: 0.5,
                    killGrace: 2))
            #expect(result.timedOut && result.signal == SIGTERM)
            #expect(result.duration >= 0.5 && result.duration < 2.5, "ran \(result.duration) s")
            let grandchild = try #require(pid_t(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)))
            #expect(
                Descriptors.waitUntil(seconds: 5) { Self.gone(grandchild) },
                "background child \(grandchild) outlived its group")
        }

        /// A child that ignores SIGTERM gets SIGKILL once the grace is over.
        @Test(arguments: methods) func stubbornChildIsKilledAfterTheGrace(method: ExitWatch.Method) throws {
            let runner = SystemProcessRunner(registry: .shared, exitMethod: method)
            let result = try runner.run(
                ProcessSpec(
                    "/bin/sh", ["-c", "trap '' TERM; while :; do sleep 0.05; done"],
                    timeout: 0.3, killGrace: 0.5))
            #expect(result.timedOut && result.signal == SIGKILL)
            #expect(result.duration >= 0.8 && result.duration < 3, "ran \(result.duration) s")
        }

        /// Writing stdin to a child that exits without reading it is an EPIPE the runner absorbs, with SIGPIPE
        /// at its default (fatal) action in this process: the result is the child's own exit, and how much input
        /// it never took. A child that reads everything gets every byte.
        @Test(arguments: methods) func inputToAChildThatExitedEarlyIsNotFatal(method: ExitWatch.Method) throws {
            var previous = sigaction()
            var fatal = sigaction()
            fatal.__sigaction_handler.sa_handler = SIG_DFL
            sigaction(SIGPIPE, &fatal, &previous)
            defer { sigaction(SIGPIPE, &previous, nil) }
            let runner = SystemProcessRunner(registry: .shared, exitMethod: method)
            let input = Data(repeating: 65, count: 4 << 20)
            let early = try runner.run(ProcessSpec("/bin/sh", ["-c", "exit 3"], timeout: 30, standardInput: input))
            #expect(early.exitCode == 3 && !early.timedOut)
            #expect(early.unwrittenInput > 0 && early.unwrittenInput <= input.count)
            let partial = try runner.run(ProcessSpec("head", ["-c", "10"], timeout: 30, standardInput: input))
            #expect(partial.exitCode == 0 && partial.stdout == input.prefix(10))
            let whole = try runner.run(ProcessSpec("wc", ["-c"], timeout: 30, standardInput: input))
            #expect(whole.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "\(input.count)")
            #expect(whole.unwrittenInput == 0)
            // No SIGPIPE of ours is left pending on this thread to strike once the mask is restored.
            var pending = sigset_t()
            sigpending(&pending)
            #expect(sigismember(&pending, SIGPIPE) == 0)
        }

        /// The runner's thread sleeps in one poll() until output, exit or a deadline: a child that runs for a
        /// second costs a handful of wake-ups, where a 5 ms waitpid loop (or a 50 ms poll tick) costs 20 to 200.
        @Test(arguments: methods) func exitIsObservedWithoutPolling(method: ExitWatch.Method) throws {
            // A registry of its own: waiting for the shared one's lock would count as wake-ups too.
            let runner = SystemProcessRunner(registry: ChildRegistry(), exitMethod: method)
            let before = Self.voluntarySwitches()
            let result = try runner.run(ProcessSpec("sleep", ["1"], timeout: 30))
            let switches = Self.voluntarySwitches() - before
            #expect(result.exitCode == 0 && result.duration >= 1)
            #expect(switches < 10, "the runner's thread woke \(switches) times while a child slept 1 s")
        }

        /// Ctrl-C: `cancelAll` sends SIGTERM to every running group, refuses new children until cleanup is
        /// allowed, and the registry remembers the interrupt. A registry of its own keeps other tests running.
        @Test func cancelAllEndsRunningChildrenAndRefusesNewOnes() throws {
            let registry = ChildRegistry()
            let runner = SystemProcessRunner(registry: registry, exitMethod: .pidfd)
            let results = RunResults()
            for _ in 0..<3 {
                Thread.detachNewThread { results.add(try? runner.run(ProcessSpec("sleep", ["30"]))) }
            }
            #expect(Descriptors.waitUntil { registry.childTime.started == 3 })
            let start = Date()
            registry.cancelAll(grace: 5)
            #expect(Date().timeIntervalSince(start) < 2, "cancelAll waited for the grace though every child ended")
            #expect(Descriptors.waitUntil { results.count == 3 })
            #expect(results.all.allSatisfy { $0?.signal == SIGTERM })
            #expect(registry.isCancelled && registry.wasInterrupted)
            #expect(throws: ProcessError.cancelled(command: "/bin/true")) { try runner.run(ProcessSpec("/bin/true")) }
            registry.allowCleanup()
            #expect(try runner.run(ProcessSpec("/bin/true")).succeeded)
            // Only the cleaning thread: a worker thread still running is refused (it would outlive the cleanup).
            let other = RunResults()
            Thread.detachNewThread { other.add(try? runner.run(ProcessSpec("/bin/true"))) }
            #expect(Descriptors.waitUntil { other.count == 1 })
            #expect(other.all.allSatisfy { $0 == nil }, "a child started on another thread after the cancel")
            #expect(registry.wasInterrupted)
        }

        /// A process that no longer exists (or is a zombie about to be reaped by init).
        static func gone(_ pid: pid_t) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
        }

        /// Voluntary context switches of the calling thread: each sleep in poll/waitpid/usleep counts one.
        static func voluntarySwitches() -> Int {
            let status = (try? String(contentsOfFile: "/proc/thread-self/status", encoding: .utf8)) ?? ""
            let line = status.split(separator: "\n").first { $0.hasPrefix("voluntary_ctxt_switches:") }
            return Int(line?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? -1
        }
    }
}
