import Foundation

/// Keeps the head and the tail of a child's output stream in a fixed budget while counting every byte,
/// so a child printing gigabytes costs the tool no more memory than `limit` (issue 10, part 4).
///
/// A quarter of the budget holds the first bytes (what a program says when it starts, often the cause),
/// the rest holds the last bytes in a ring buffer (how it ended). When bytes were dropped, `kept` joins
/// the two with a one-line marker naming how many bytes were left out, and is still at most `limit` bytes.
package struct OutputCapture: Sendable {
    /// Most bytes `kept` returns.
    package let limit: Int
    /// Every byte appended, kept or not.
    package private(set) var total = 0
    private let headLimit: Int
    private let tailLimit: Int
    private var head: [UInt8] = []
    /// Fixed-size ring of the last `tailLimit` bytes; allocated on first use.
    private var ring: [UInt8] = []
    /// Where the next tail byte goes in `ring`.
    private var ringEnd = 0
    private var ringCount = 0

    package init(limit: Int) {
        self.limit = max(0, limit)
        headLimit = self.limit / 4
        tailLimit = self.limit - headLimit
    }

    /// Adds one chunk read from the stream; copies at most `limit` bytes of it, whatever its size.
    package mutating func append(_ chunk: UnsafeRawBufferPointer) {
        total += chunk.count
        var rest = chunk
        if head.count < headLimit, !rest.isEmpty {
            let take = min(headLimit - head.count, rest.count)
            if head.isEmpty { head.reserveCapacity(headLimit) }
            head.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<take]))
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
        }
        guard tailLimit > 0, let source = rest.baseAddress, !rest.isEmpty else { return }
        if ring.isEmpty { ring = [UInt8](repeating: 0, count: tailLimit) }
        let capacity = tailLimit
        ring.withUnsafeMutableBytes { destination in
            guard let base = destination.baseAddress else { return }
            if rest.count >= capacity {
                base.copyMemory(from: source + (rest.count - capacity), byteCount: capacity)
                ringEnd = 0
                ringCount = capacity
                return
            }
            let first = min(rest.count, capacity - ringEnd)
            (base + ringEnd).copyMemory(from: source, byteCount: first)
            if first < rest.count { base.copyMemory(from: source + first, byteCount: rest.count - first) }
            ringEnd = (ringEnd + rest.count) % capacity
            ringCount = min(capacity, ringCount + rest.count)
        }
    }

    /// Convenience for tests and small writers.
    package mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0) }
    }

    /// The kept bytes: the whole stream when it fit, else head, a marker line and tail, at most `limit` bytes.
    package var kept: Data {
        var tail: [UInt8] = []
        tail.reserveCapacity(ringCount)
        if ringCount < tailLimit || ringEnd == 0 {
            let start = ringCount < tailLimit ? 0 : ringEnd
            tail.append(contentsOf: ring[start..<(start + ringCount)])
        } else {
            tail.append(contentsOf: ring[ringEnd...])
            tail.append(contentsOf: ring[..<ringEnd])
        }
        let dropped = total - head.count - tail.count
        guard dropped > 0 else { return Data(head + tail) }
        // The marker replaces the oldest tail bytes, so the count it names includes those too.
        var marker = Self.marker(omitted: dropped)
        while Self.marker(omitted: dropped + marker.count).count != marker.count {
            marker = Self.marker(omitted: dropped + marker.count)
        }
        marker = Self.marker(omitted: dropped + marker.count)
        guard marker.count < tail.count else { return Data(head + tail) }
        return Data(head + marker + tail[marker.count...])
    }

    static func marker(omitted: Int) -> [UInt8] {
        Array("\n[… \(omitted) bytes of output omitted …]\n".utf8)
    }
}
