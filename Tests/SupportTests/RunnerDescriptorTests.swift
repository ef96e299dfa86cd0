import Foundation
import Synchronization
import Testing

@testable import Support

#if canImport(Glibc)
    import Glibc
#endif

/// The runner's tests, one at a time: some read this process's descriptor table or context switches,
/// which children of a test running beside them would disturb.
@Suite(.serialized) struct RunnerTests {}

/// Issue 15, part 5: every descriptor the runner creates is close-on-exec and closed on every path.
extension RunnerTests {
    @Suite struct Descriptors {
        static let methods: [ExitWatch.Method] = [.pidfd, .waiterThread]

        /// 1,000 spawns that fail (missing program, a file without execute permission, a working directory
        /// that does not exist or is a file), each with its specific error, then children that time out, ignore
        /// SIGTERM, are cancelled, or exit before reading their input, leave the descriptor count where it was.
        @Test func failingAndKilledSpawnsLeaveNoDescriptorBehind() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let before = OpenDescriptors.count
            for i in 0..<1000 {
                let runner = SystemProcessRunner(registry: .shared, exitMethod: Self.methods[i % 2])
                switch i % 4 {
                case 0:
                    #expect(throws: ProcessError.notFound(executable: "podserve-no-such-program")) {
                        try runner.run(ProcessSpec("podserve-no-such-program", standardInput: Data("in".utf8)))
                    }
                case 1:
                    #expect(throws: ProcessError.spawnFailed(command: scratch.notExecutable, errno: EACCES)) {
                        try runner.run(ProcessSpec(scratch.notExecutable))
                    }
                case 2:
                    let missing = scratch.root + "/no-such-dir"
                    #expect(
                        throws: ProcessError.workingDirectoryUnusable(
                            directory: missing, command: "/bin/true",
                            errno: ENOENT)
                    ) {
                        try runner.run(ProcessSpec("/bin/true", workingDirectory: missing))
                    }
                default:
                    #expect(
                        throws: ProcessError.workingDirectoryUnusable(
                            directory: scratch.plainFile,
                            command: "/bin/true", errno: ENOTDIR)
                    ) {
                        try runner.run(
                            ProcessSpec(
                                "/bin/true", workingDirectory: scratch.plainFile,
                                standardInput: Data("in".utf8)))
                    }
                }
            }
            for method in Self.methods {
                let runner = SystemProcessRunner(registry: .shared, exitMethod: method)
                let slow = try runner.run(ProcessSpec("sleep", ["30"], timeout: 0.2, killGrace: 0.2))
                #expect(slow.timedOut && slow.signal == SIGTERM)
                let stubborn = try runner.run(
                    ProcessSpec(
                        "/bin/sh", ["-c", "trap '' TERM; while :; do sleep 0.05; done"],
                        timeout: 0.2, killGrace: 0.3))
                #expect(stubborn.timedOut && stubborn.signal == SIGKILL)
                let early = try runner.run(
                    ProcessSpec(
                        "/bin/sh", ["-c", "exit 3"], timeout: 10,
                        standardInput: Data(count: 1 << 20)))
                #expect(early.exitCode == 3 && !early.timedOut)
                // Times out (rather than hangs) if the child inherited the write end of its own stdin.
                let fine = try runner.run(
                    ProcessSpec(
                        "/bin/sh", ["-c", "cat >/dev/null; echo ok"], timeout: 10,
                        standardInput: Data(count: 1 << 20)))
                #expect(fine.stdoutText == "ok\n" && fine.unwrittenInput == 0 && !fine.timedOut)
            }
            let registry = ChildRegistry()
            let cancelled = RunResults()
            let thread = Thread {
                cancelled.add(
                    try? SystemProcessRunner(registry: registry, exitMethod: .pidfd)
                        .run(ProcessSpec("sleep", ["30"])))
            }
            thread.start()
            #expect(Descriptors.waitUntil { registry.childTime.started == 1 })
            registry.cancelAll(grace: 2)
            #expect(Descriptors.waitUntil { cancelled.count == 1 })
            let after = OpenDescriptors.settle(to: before)
            #expect(after == before, "descriptors before \(before), after \(after): \(OpenDescriptors.list())")
        }

        /// While one child runs (its pipes open in this process), a second child is started: it must see only
        /// its own 0, 1 and 2 (plus whatever the test process itself left inheritable), never the first
        /// child's pipe ends, and nothing the runner opened in this process may lack close-on-exec.
        @Test(arguments: methods) func childInheritsOnlyItsStandardDescriptors(method: ExitWatch.Method) throws {
            let runner = SystemProcessRunner(registry: .shared, exitMethod: method)
            // What a child sees with nothing else running (the shell's glob adds a descriptor of its own).
            let probe = ProcessSpec("/bin/sh", ["-c", "cd /proc/$$/fd && echo *"], timeout: 30)
            let quiet = Self.descriptors(in: try runner.run(probe))
            let baseline = OpenDescriptors.inheritable()
            let sibling = RunResults()
            let thread = Thread {
                sibling.add(
                    try? runner.run(
                        ProcessSpec(
                            "/bin/sh", ["-c", "sleep 1; cat >/dev/null"],
                            timeout: 10, standardInput: Data("x".utf8))))
            }
            thread.start()
            usleep(200_000)  // the sibling is running: its pipes and exit watch are open in this process
            let during = OpenDescriptors.inheritable()
            #expect(
                during.subtracting(baseline).isEmpty,
                "runner descriptors without close-on-exec: \(during.subtracting(baseline).sorted())")
            let seen = Self.descriptors(in: try runner.run(probe))
            #expect(quiet.isSuperset(of: [0, 1, 2]))
            #expect(seen == quiet, "with a sibling running the child saw \(seen.sorted()), alone \(quiet.sorted())")
            #expect(Descriptors.waitUntil(seconds: 30) { sibling.count == 1 })
        }

        /// Short children started from several threads must reach end of file at once even while long ones
        /// are being spawned from other threads: a pipe end leaked into a long child (no close-on-exec) would
        /// hold a short child's output open until the long one ends, which looks like a hang or a timeout.
        @Test(arguments: methods) func concurrentSpawnsSeeEndOfFilePromptly(method: ExitWatch.Method) throws {
            let runner = SystemProcessRunner(registry: .shared, exitMethod: method)
            let longOnes = RunResults()
            let shortOnes = RunResults()
            let stop = Date().addingTimeInterval(2.2)
            let group = DispatchGroup()
            for _ in 0..<4 {
                group.enter()
                Thread.detachNewThread {
                    while Date() < stop {
                        shortOnes.add(try? runner.run(ProcessSpec("/bin/sh", ["-c", "echo hi"], timeout: 30)))
                    }
                    group.leave()
                }
            }
            for _ in 0..<12 {
                group.enter()
                Thread.detachNewThread {
                    longOnes.add(try? runner.run(ProcessSpec("sleep", ["5"], timeout: 30)))
                    group.leave()
                }
                usleep(150_000)
            }
            group.wait()
            let short = shortOnes.all
            #expect(short.count > 20)
            #expect(short.allSatisfy { $0?.stdoutText == "hi\n" })
            let slowest = short.compactMap { $0?.duration }.max() ?? 0
            #expect(slowest < 2.5, "a short child took \(slowest) s: its pipe leaked into a long one")
            #expect(longOnes.all.allSatisfy { $0?.exitCode == 0 })
        }

        static func descriptors(in result: ProcessResult) -> Set<Int32> {
            Set(result.stdoutText.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) })
        }

        static func waitUntil(seconds: Double = 10, _ condition: () -> Bool) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while !condition() {
                if Date() > deadline { return false }
                usleep(10_000)
            }
            return true
        }
    }
}

/// Results collected from several threads.
final class RunResults: Sendable {
    private let results = Mutex<[ProcessResult?]>([])
    func add(_ result: ProcessResult?) { results.withLock { $0.append(result) } }
    var all: [ProcessResult?] { results.withLock { $0 } }
    var count: Int { all.count }
}
