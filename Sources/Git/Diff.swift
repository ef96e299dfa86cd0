import CLibGit2
import Foundation

extension Repository {
    /// The paths under `prefix` that `commit` changed relative to its first parent (all of them for a root commit).
    package func changedPaths(in commit: OID, under prefix: String = "") throws -> [String] {
        let parent = try self.commit(commit).parents.first
        return try changedPaths(in: commit, comparedTo: parent, under: prefix)
    }

    /// The paths under `prefix` that differ between `parent` (nil: the empty tree) and `commit`, sorted.
    ///
    /// When the subtree at `prefix` has the same id on both sides nothing is diffed, which keeps
    /// audits of long histories cheap.
    package func changedPaths(in commit: OID, comparedTo parent: OID?, under prefix: String = "") throws -> [String] {
        let prefix = Self.normalize(prefix)
        let new = try entryForDiff(at: prefix, in: commit)
        let old = try parent.flatMap { try entryForDiff(at: prefix, in: $0) }
        if new == old { return [] }
        var paths: Set<String> = []
        if new?.isTree == false || old?.isTree == false { paths.insert(prefix) }
        let newTree = new?.isTree == true ? new?.id : nil
        let oldTree = old?.isTree == true ? old?.id : nil
        if newTree != nil || oldTree != nil {
            for path in try diffTrees(oldTree, newTree) {
                paths.insert(prefix.isEmpty ? path : prefix + "/" + path)
            }
        }
        return paths.sorted()
    }

    /// The entry at `prefix` ("" is the root tree), as a diff endpoint.
    private func entryForDiff(at prefix: String, in commit: OID) throws -> TreeEntryInfo? {
        if prefix.isEmpty {
            return TreeEntryInfo(id: try self.commit(commitTreeOf: commit), isTree: true, mode: 0o040000)
        }
        return try treeEntry(at: prefix, in: commit)
    }

    /// Paths (relative to the trees) that differ between two trees; nil stands for the empty tree.
    private func diffTrees(_ old: OID?, _ new: OID?) throws -> [String] {
        let oldTree = try old.map { try lookupTree($0) }
        let newTree = try new.map { try lookupTree($0) }
        return try handle.use { repo in
            let diff = try Handle("git_diff_tree_to_tree", free: git_diff_free) { out in
                withOptionalPointer(oldTree) { oldPointer in
                    withOptionalPointer(newTree) { newPointer in
                        git_diff_tree_to_tree(&out, repo, oldPointer, newPointer, nil)
                    }
                }
            }
            return diff.use { pointer in
                (0..<git_diff_num_deltas(pointer)).compactMap { index -> String? in
                    guard let delta = git_diff_get_delta(pointer, index) else { return nil }
                    let file =
                        delta.pointee.status == GIT_DELTA_DELETED ? delta.pointee.old_file : delta.pointee.new_file
                    return copyString(file.path)
                }
            }
        }
    }
}

/// Lends an optional handle's pointer (nil when absent) to `body`, keeping it alive meanwhile.
func withOptionalPointer<T>(_ handle: Handle?, _ body: (OpaquePointer?) throws -> T) rethrows -> T {
    guard let handle else { return try body(nil) }
    return try handle.use { try body($0) }
}
