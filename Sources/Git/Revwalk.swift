import CLibGit2
import Foundation

extension Repository {
    /// Visits the commits reachable from `tips` (all parents of merges), newest first, until `body` returns false.
    ///
    /// - Parameters:
    ///   - topological: parents are never shown before all their children (`git log --topo-order`).
    ///   - hiding: commits reachable from these are skipped (the `base` of `base..head`).
    ///   - reverse: oldest first instead.
    package func walk(
        from tips: [OID], topological: Bool, hiding: [OID] = [], reverse: Bool = false,
        body: (OID) throws -> Bool
    ) throws {
        let walker = try handle.use { repo in
            try Handle("git_revwalk_new", free: git_revwalk_free) { git_revwalk_new(&$0, repo) }
        }
        try walker.use { walk in
            var mode = GIT_SORT_TIME.rawValue
            if topological { mode |= GIT_SORT_TOPOLOGICAL.rawValue }
            if reverse { mode |= GIT_SORT_REVERSE.rawValue }
            try check(git_revwalk_sorting(walk, mode), "git_revwalk_sorting")
            for tip in tips {
                var raw = tip.raw
                try check(git_revwalk_push(walk, &raw), "git_revwalk_push")
            }
            for hidden in hiding {
                var raw = hidden.raw
                try check(git_revwalk_hide(walk, &raw), "git_revwalk_hide")
            }
            var next = git_oid()
            while true {
                let rc = git_revwalk_next(&next, walk)
                if isCode(rc, GIT_ITEROVER) { return }
                try check(rc, "git_revwalk_next")
                guard try body(OID(next)) else { return }
            }
        }
    }

    /// Convenience: all commits reachable from `tips` and not from `hiding`, newest first.
    package func commits(from tips: [OID], hiding: [OID] = [], topological: Bool = true) throws -> [OID] {
        var result: [OID] = []
        try walk(from: tips, topological: topological, hiding: hiding) {
            result.append($0); return true
        }
        return result
    }
}
