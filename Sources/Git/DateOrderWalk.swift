import CLibGit2
import Foundation

/// What a `walkByDate(from:marker:covering:)` body asks for after seeing a commit.
package struct DateWalkStep: Sendable {
    /// Marks the commit, and so its ancestors as the walk reaches them, with this key (a small number: a bit).
    package var mark: Int?
    /// The caller has what it needs once every commit still queued carries every key marked so far.
    package var done: Bool

    package init(mark: Int? = nil, done: Bool = false) {
        self.mark = mark
        self.done = done
    }
}

/// A set of small non-negative keys, as bits.
package struct DateWalkKeys: Sendable, Equatable {
    private var words: [UInt64] = []

    package init() {}

    package func contains(_ key: Int) -> Bool {
        key / 64 < words.count && words[key / 64] & (1 << UInt64(key % 64)) != 0
    }

    mutating func insert(_ key: Int) {
        while words.count <= key / 64 { words.append(0) }
        words[key / 64] |= 1 << UInt64(key % 64)
    }

    mutating func formUnion(_ other: DateWalkKeys) {
        while words.count < other.words.count { words.append(0) }
        for index in other.words.indices { words[index] |= other.words[index] }
    }

    func isSuperset(of other: DateWalkKeys) -> Bool {
        other.words.indices.allSatisfy { index in
            (index < words.count ? words[index] : 0) & other.words[index] == other.words[index]
        }
    }
}

extension Repository {
    /// Visits the commits reachable from `tip` newest first by committer date, the order `git log` lists them in,
    /// handing `body` each commit's id and, when it contains `marker`, its message, for callers that keep the
    /// first commit of each kind they meet (the last transition of each service): the body marks a commit it keeps
    /// with a key, its ancestors carry that key as the walk reaches them, and the walk ends only when the body is
    /// done and every commit still queued carries every key marked.
    /// A queued commit without a key may lead back to the commit marked with it through a commit dated before its
    /// parent (a clock running backwards, an amend with an old date; equal dates met breadth-first do the same), so
    /// the walk goes on there and the body meets such later commits too; it gets each commit's keys. On a history
    /// with honest clocks this costs only the side branches still queued, down to where they join the marked
    /// history; on a linear one nothing more.
    ///
    /// Incremental: only the commits visited are read (raw, no libgit2 parse), so a caller that stops early pays
    /// for how far back it looked, not for the length of history. (libgit2's time-sorted revwalk first reads the
    /// whole history when any sorting is asked for.)
    package func walkByDate(
        from tip: OID, marker: String, covering body: (OID, String?, DateWalkKeys) throws -> DateWalkStep
    )
        throws
    {
        let reader = RawObjectReader(odb: try objectDatabase(), directory: nil, marker: marker)
        // In a shallow clone the boundary commits' parents are absent: their history ends there, as for git log.
        let boundaries = Set(shallowBoundaries().map { RawID($0.raw) })
        var queue = DateQueue()
        var seen: Set<RawID> = []
        var keys: [RawID: DateWalkKeys] = [:]
        var marked = DateWalkKeys()
        let start = RawID(tip.raw)
        seen.insert(start)
        queue.push(try reader.commit(start))
        while let commit = queue.pop() {
            var own = keys.removeValue(forKey: commit.id) ?? DateWalkKeys()
            let step = try body(commit.id.oid, commit.message, own)
            if let key = step.mark {
                own.insert(key)
                marked.insert(key)
            }
            if !boundaries.contains(commit.id) {
                for parent in commit.parents {
                    if own != DateWalkKeys() { keys[parent, default: DateWalkKeys()].formUnion(own) }
                    if seen.insert(parent).inserted { queue.push(try reader.commit(parent)) }
                }
            }
            if step.done && queue.allSatisfy({ (keys[$0] ?? DateWalkKeys()).isSuperset(of: marked) }) { return }
        }
    }
}

extension Repository {
    /// The commits `.git/shallow` names (a shallow clone's boundary); empty in a full clone.
    package func shallowBoundaries() -> [OID] {
        guard let text = try? String(contentsOfFile: commonDir + "/shallow", encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap { try? OID(hex: String($0)) }
    }

    /// Throws `GitError.shallowClone` when history is cut off, for the commands that audit all of it.
    package func requireFullHistory() throws {
        let boundaries = shallowBoundaries()
        if !boundaries.isEmpty { throw GitError.shallowClone(boundaries: boundaries.count) }
    }
}

/// A max-heap of commits by committer time; among equal times, the one pushed first comes first.
private struct DateQueue {
    private var heap: [(commit: RawCommit, order: Int)] = []
    private var pushed = 0

    private func before(_ a: Int, _ b: Int) -> Bool {
        heap[a].commit.time != heap[b].commit.time
            ? heap[a].commit.time > heap[b].commit.time : heap[a].order < heap[b].order
    }

    mutating func push(_ commit: RawCommit) {
        heap.append((commit, pushed))
        pushed += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Whether `predicate` holds for every queued commit's id.
    func allSatisfy(_ predicate: (RawID) -> Bool) -> Bool { heap.allSatisfy { predicate($0.commit.id) } }

    mutating func pop() -> RawCommit? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast().commit
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var best = parent
            if left < heap.count && before(left, best) { best = left }
            if right < heap.count && before(right, best) { best = right }
            if best == parent { break }
            heap.swapAt(parent, best)
            parent = best
        }
        return top
    }
}
