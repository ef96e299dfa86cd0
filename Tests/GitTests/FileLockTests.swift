import Foundation
import Locking
import TestSupport
import Testing

@testable import Git

@Suite("FileLock", .blocking)
struct FileLockTests {
    @Test func excludesOtherHoldersAndTimesOut() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let repo = try Repository.discover(startingAt: sandbox.root)
        let first = repo.lockFile(named: "mail")
        let second = repo.lockFile(named: "mail")
        #expect(first.path == sandbox.root + "/.git/podserve-gate/mail.lock")
        #expect(try first.tryLock())
        #expect(try second.tryLock() == false)
        #expect(try repo.lockFile(named: "dns").tryLock())
        let started = Date()
        #expect(throws: GitError.busy(lockPath: second.path)) { try second.lock(timeout: 0.2) }
        #expect(Date().timeIntervalSince(started) >= 0.2)
        first.unlock()
        try second.lock(timeout: 1)
        #expect(second.isLocked)
        second.unlock()
        #expect(try first.withLock(timeout: 0) { 42 } == 42)
        #expect(first.isLocked == false)
    }

    @Test func waitsForARelease() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let holder = FileLock(path: directory + "/x.lock")
        #expect(try holder.tryLock())
        let held = Locked(holder)  // handed to the queue that releases it
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { held.withLock { $0.unlock() } }
        let waiter = FileLock(path: directory + "/x.lock")
        try waiter.lock(timeout: 5)
        #expect(waiter.isLocked)
    }
}
