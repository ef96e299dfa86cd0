import CLibGit2
import Foundation

extension Repository {
    /// The file paths (prefixed with `prefix/`) that differ between two trees, nil standing for the empty tree, sorted.
    ///
    /// Subtrees with equal ids are skipped without being read, so comparing two versions of a large
    /// directory in which one file changed reads only the trees on that file's path (libgit2's tree diff
    /// expands every subtree). Entries are compared by id and kind; a file that became a directory is reported
    /// with the files below it.
    public func changedFiles(from old: OID?, to new: OID?, prefix: String) throws -> [String] {
        var paths: [String] = []
        try compare(old.map(lookupTree), new.map(lookupTree), prefix: Self.normalize(prefix), into: &paths)
        return paths.sorted()
    }

    private func compare(_ old: Handle?, _ new: Handle?, prefix: String, into paths: inout [String]) throws {
        var subtrees: [(String, OID?, OID?)] = []
        let join = { (name: String) in prefix.isEmpty ? name : prefix + "/" + name }
        try withOptionalPointer(old) { oldTree in
            try withOptionalPointer(new) { newTree in
                // Entries of `new`, matched by name in `old`.
                for (side, other, isNew) in [(newTree, oldTree, true), (oldTree, newTree, false)] {
                    guard let side else { continue }
                    for index in 0..<git_tree_entrycount(side) {
                        guard let entry = git_tree_entry_byindex(side, index), let cName = git_tree_entry_name(entry)
                        else { continue }
                        let match = other.flatMap { git_tree_entry_byname($0, cName) }
                        if !isNew && match != nil { continue }  // already handled from the new side
                        if let match, git_tree_entry_type(match) == git_tree_entry_type(entry),
                            git_oid_equal(git_tree_entry_id(match), git_tree_entry_id(entry)) != 0
                        {
                            continue
                        }
                        let name = String(cString: cName)
                        let entryTree = git_tree_entry_type(entry) == GIT_OBJECT_TREE ? OID(git_tree_entry_id(entry)) : nil
                        let matchTree = match.flatMap { git_tree_entry_type($0) == GIT_OBJECT_TREE ? OID(git_tree_entry_id($0)) : nil }
                        let entryIsFile = git_tree_entry_type(entry) != GIT_OBJECT_TREE
                        let matchIsFile = match.map { git_tree_entry_type($0) != GIT_OBJECT_TREE } ?? false
                        if entryIsFile || matchIsFile { paths.append(join(name)) }
                        if entryTree != nil || matchTree != nil {
                            subtrees.append(isNew ? (name, matchTree, entryTree) : (name, entryTree, matchTree))
                        }
                    }
                }
            }
        }
        for (name, oldID, newID) in subtrees {
            try compare(oldID.map(lookupTree), newID.map(lookupTree), prefix: join(name), into: &paths)
        }
    }
}
