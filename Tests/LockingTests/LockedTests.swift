import Foundation
import Locking
import Testing

/// `Locked` and `detachThread(handing:)`, the only way shared mutable state crosses threads (issue 15 part 1).
@Suite struct LockedTests {
    @Test func incrementsFromManyThreadsAreNeverLost() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.value == 80_000)
    }

    @Test func aThrowingBodyRethrowsAndKeepsWhatItChanged() {
        struct Refused: Error {}
        let log = Locked<[String]>([])
        #expect(throws: Refused.self) {
            try log.withLock { log in
                log.append("before")
                throw Refused()
            }
        }
        #expect(log.value == ["before"])
    }

    /// A non-Sendable reader moves to the new thread whole; the thread's result comes back through a box.
    @Test func aHandedValueReachesItsThread() {
        final class Reader {
            var reads = 0
            func read() -> Int {
                reads += 1
                return reads
            }
        }
        let reader = Reader()
        _ = reader.read()
        let result = Locked<Int?>(nil)
        let done = DispatchSemaphore(value: 0)
        detachThread(handing: reader) { reader in
            let reads = reader.read()
            result.withLock { $0 = reads }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(result.value == 2)
    }
}
