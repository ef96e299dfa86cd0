import CLibGit2
import Foundation

extension Repository {
    /// Visits the commits reachable from `tip` newest first by committer date, the order `git log` lists
    /// them in, handing `body` each commit's id and, when it contains `marker`, its message; stops when `body`
    /// returns false.
    ///
    /// Incremental: only the commits visited are read (raw, no libgit2 parse), so a caller that stops early
    /// pays for how far back it looked, not for the length of history. (libgit2's time-sorted revwalk first
    /// reads the whole history when any sorting is asked for.)
    public func walkByDate(from tip: OID, marker: String, _ body: (OID, String?) throws -> Bool) throws {
        let reader = RawObjectReader(odb: try objectDatabase(), directory: nil, marker: marker)
        // In a shallow clone the boundary commits' parents are absent: their history ends there, as for git log.
        let boundaries = Set(shallowBoundaries().map { RawID($0.raw) })
        var queue = DateQueue()
        var seen: Set<RawID> = []
        let start = RawID(tip.raw)
        seen.insert(start)
        queue.push(try reader.commit(start))
        while let commit = queue.pop() {
            guard try body(commit.id.oid, commit.message) else { return }
            if boundaries.contains(commit.id) { continue }
            for parent in commit.parents where seen.insert(parent).inserted {
                queue.push(try reader.commit(parent))
            }
        }
    }
}

extension Repository {
    /// The commits `.git/shallow` names (a shallow clone's boundary); empty in a full clone.
    public func shallowBoundaries() -> [OID] {
        guard let text = try? String(contentsOfFile: commonDir + "/shallow", encoding: .utf8) else { return [] }
        return text.split(whereSeparator: \.isNewline).compactMap { try? OID(hex: String($0)) }
    }

    /// Throws `GitError.shallowClone` when history is cut off, for the commands that audit all of it.
    public func requireFullHistory() throws {
        let boundaries = shallowBoundaries()
        if !boundaries.isEmpty { throw GitError.shallowClone(boundaries: boundaries.count) }
    }
}

/// A max-heap of commits by committer time; among equal times, the one pushed first comes first.
private struct DateQueue {
    private var heap: [(commit: RawCommit, order: Int)] = []
    private var pushed = 0

    private func before(_ a: Int, _ b: Int) -> Bool {
        heap[a].commit.time != heap[b].commit.time ? heap[a].commit.time > heap[b].commit.time : heap[a].order < heap[b].order
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
