import Synchronization

/// A value behind a lock, shared by reference: the one place mutable state crosses threads, so every other type
/// stays checked `Sendable`. Built on the standard library's `Mutex` (Synchronization), which is `Sendable` for any
/// value it guards: a value goes in and comes out only as `sending`, so no reference to it escapes the lock.
package final class Locked<Value: ~Copyable>: Sendable {
    private let mutex: Mutex<Value>

    package init(_ value: consuming sending Value) { mutex = Mutex(value) }

    /// Runs `body` with the value while holding the lock: other callers wait until it returns, so keep it short
    /// unless that wait is the point (a worker's own factory, the interrupt cleanup a second caller waits for).
    package func withLock<Result: ~Copyable, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        try mutex.withLock(body)
    }
}

extension Locked where Value: Sendable {
    /// A copy of the value as it is now.
    package var value: Value { withLock { $0 } }
}
