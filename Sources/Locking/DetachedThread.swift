import Foundation

/// Runs `body` on a new thread of its own, handing it `value` (a reader or handle the calling thread made and
/// never touches again). `Thread.detachNewThread` takes a `@Sendable` closure, which may not capture a
/// non-Sendable value even when nothing else holds it; handing the value over through a `Locked` box is the
/// checked way to say it moves.
package func detachThread<Value>(handing value: sending Value, _ body: @escaping @Sendable (sending Value) -> Void) {
    let handOff = Locked<Value?>(value)
    Thread.detachNewThread {
        guard let value = handOff.withLock({ $0.take() }) else { return }
        body(value)
    }
}
