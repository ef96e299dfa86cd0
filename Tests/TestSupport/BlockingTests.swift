import Dispatch
import Foundation
import Synchronization
import Testing

/// Runs a suite's tests on a few dedicated threads instead of Swift's cooperative pool.
///
/// Why: Swift Testing runs synchronous tests on the cooperative pool, which has one thread per core (two on
/// this machine). A test that waits for child processes (`git`, the built binary, podman) holds its pool thread
/// the whole time, so every other test — pure Domain tests included — queues behind it: those report about 78 s
/// for milliseconds of work, and ten `group.addTask` advances that each wait for a child run two at a time.
/// Tests under this trait block one of `BlockingTestExecutor.lanes` threads of their own instead, and the pool
/// stays free for the tests that compute.
package struct BlockingTests: SuiteTrait, TestTrait, TestScoping {
    package var isRecursive: Bool { true }

    package func provideScope(
        for test: Test, testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        try await withTaskExecutorPreference(BlockingTestExecutor.shared) { try await function() }
    }
}

extension Trait where Self == BlockingTests {
    /// The suite's tests wait for processes or sleep: run them off the cooperative pool.
    package static var blocking: Self { BlockingTests() }
}

/// A task executor of a fixed number of threads, so blocking tests overlap their waits without starting all
/// at once (hundreds of concurrent binaries would turn timing assertions into noise).
package final class BlockingTestExecutor: TaskExecutor {
    /// Four lanes, or twice the cores where there are more.
    package static let lanes = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
    package static let shared = BlockingTestExecutor(threads: lanes)
    /// One lane for `.podman` suites: their timing assertions (startup within 1.5 s of readiness, memory after a
    /// settle) measure podman itself, and a second container test starting at the same moment shifted a
    /// startup median past its bound (2 of 4 full runs); one at a time, they measure only their own container.
    package static let podman = BlockingTestExecutor(threads: 1)

    private let queue = JobQueue()

    init(threads: Int) {
        for n in 0..<threads {
            let thread = Thread { [queue, unowned self] in
                while true { queue.take().runSynchronously(on: self.asUnownedTaskExecutor()) }
            }
            thread.name = "blocking-tests-\(n)"
            thread.start()
        }
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        queue.put(UnownedJob(job))
    }

    /// The jobs waiting for a lane, first in first out: a list under a mutex, counted by a semaphore.
    private final class JobQueue: Sendable {
        private let jobs = Mutex<[UnownedJob]>([])
        private let count = DispatchSemaphore(value: 0)

        func put(_ job: UnownedJob) {
            jobs.withLock { $0.append(job) }
            count.signal()
        }

        func take() -> UnownedJob {
            count.wait()
            return jobs.withLock { $0.removeFirst() }
        }
    }
}
