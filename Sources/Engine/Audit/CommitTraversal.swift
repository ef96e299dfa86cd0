import Foundation
import Git

/// Visits every commit reachable from a tip exactly once, reading each commit once (`Repository.scanCommit`)
/// and following all parents; a revwalk would read every commit a second time.
///
/// The visiting order is depth-first from the tip (a commit before its parents along each path); callers that
/// need chronological output sort what they collected by commit time.
struct CommitTraversal {
    let repo: Repository
    /// The top-level directory whose tree id each scan carries (nil: none).
    let directory: String?
    /// Messages containing this are copied into the scans; others are not.
    let marker: String
    private var pending: [OID: ScannedCommit] = [:]

    init(repo: Repository, directory: String?, marker: String) {
        self.repo = repo
        self.directory = directory
        self.marker = marker
    }

    /// Calls `visit` with each commit's scan and its parents' scans, in visiting order (its index counts from 1).
    mutating func run(from tip: OID, visit: (_ commit: ScannedCommit, _ parents: [ScannedCommit], _ index: Int) throws -> Void) throws {
        var stack = [tip]
        var seen: Set<OID> = [tip]
        var index = 0
        while let oid = stack.popLast() {
            index += 1
            let scan = try scanned(oid, keep: false)
            let parents = try scan.parents.map { try scanned($0, keep: true) }
            try visit(scan, parents, index)
            for parent in scan.parents.reversed() where seen.insert(parent).inserted { stack.append(parent) }
        }
    }

    /// A parent is scanned (and kept) when its first child is visited, and handed over when it is visited itself.
    private mutating func scanned(_ commit: OID, keep: Bool) throws -> ScannedCommit {
        if let scan = keep ? pending[commit] : pending.removeValue(forKey: commit) { return scan }
        let scan = try repo.scanCommit(commit, directory: directory, marker: marker)
        if keep { pending[commit] = scan }
        return scan
    }
}
