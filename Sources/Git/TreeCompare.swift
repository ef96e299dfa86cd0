import CLibGit2
import Foundation

extension Repository {
    /// The file paths (prefixed with `prefix/`) that differ between two trees, nil standing for the empty tree, sorted.
    ///
    /// Subtrees with equal ids are skipped without being read, so comparing two versions of a large
    /// directory in which one file changed reads only the trees on that file's path (libgit2's tree diff
    /// expands every subtree). Entries are compared by id and kind; a file that became a directory is reported
    /// with the files below it.
    package func changedFiles(from old: OID?, to new: OID?, prefix: String) throws -> [String] {
        var paths: [String] = []
        try compare(old.map(lookupTree), new.map(lookupTree), prefix: Self.normalize(prefix), into: &paths)
        return paths.sorted()
    }

    private func compare(_ old: Handle?, _ new: Handle?, prefix: String, into paths: inout [String]) throws {
        var subtrees: [(String, OID?, OID?)] = []
        let join = { (name: String) in prefix.isEmpty ? name : prefix + "/" + name }
        // Both entry lists are in git's tree order (a directory sorts as if its name ended in "/"), so one merge
        // pass pairs the entries of equal name and kind; a name that is a file on one side and a directory on
        // the other appears as two unpaired entries, which reports the file and the files below the directory.
        withOptionalPointer(old) { oldTree in
            withOptionalPointer(new) { newTree in
                let oldCount = oldTree.map(git_tree_entrycount) ?? 0
                let newCount = newTree.map(git_tree_entrycount) ?? 0
                var (o, n) = (0, 0)
                while o < oldCount || n < newCount {
                    let oldEntry = o < oldCount ? TreeOrderEntry(git_tree_entry_byindex(oldTree, o)) : nil
                    let newEntry = n < newCount ? TreeOrderEntry(git_tree_entry_byindex(newTree, n)) : nil
                    if o < oldCount && oldEntry == nil { o += 1; continue }  // unreadable entries are skipped
                    if n < newCount && newEntry == nil { n += 1; continue }
                    let order: Int32
                    if let oldEntry, let newEntry {
                        order = oldEntry.compare(newEntry)
                    } else {
                        order = oldEntry == nil ? 1 : -1
                    }
                    if order == 0, let oldEntry, let newEntry {
                        o += 1
                        n += 1
                        if oldEntry.type == newEntry.type, git_oid_equal(oldEntry.id, newEntry.id) != 0 { continue }
                        let name = String(cString: newEntry.name)
                        if oldEntry.isTree && newEntry.isTree {
                            subtrees.append((name, OID(oldEntry.id), OID(newEntry.id)))
                        } else {
                            paths.append(join(name))  // a changed file, or a file that became a submodule
                        }
                    } else if order < 0, let oldEntry {  // only in old
                        o += 1
                        let name = String(cString: oldEntry.name)
                        if oldEntry.isTree {
                            subtrees.append((name, OID(oldEntry.id), nil))
                        } else {
                            paths.append(join(name))
                        }
                    } else if let newEntry {  // only in new
                        n += 1
                        let name = String(cString: newEntry.name)
                        if newEntry.isTree {
                            subtrees.append((name, nil, OID(newEntry.id)))
                        } else {
                            paths.append(join(name))
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

/// A tree entry's name, kind and id, borrowed from its tree, compared in git's tree order.
private struct TreeOrderEntry {
    let name: UnsafePointer<CChar>
    let length: Int
    let type: git_object_t
    let id: UnsafePointer<git_oid>
    var isTree: Bool { type == GIT_OBJECT_TREE }

    init?(_ entry: OpaquePointer?) {
        guard let entry, let name = git_tree_entry_name(entry), let id = git_tree_entry_id(entry) else { return nil }
        self.name = name
        length = strlen(name)
        type = git_tree_entry_type(entry)
        self.id = id
    }

    /// Like git's `base_name_compare`: bytes first, then a directory's implied trailing "/".
    func compare(_ other: TreeOrderEntry) -> Int32 {
        let common = min(length, other.length)
        let bytes = memcmp(name, other.name, common)
        if bytes != 0 { return bytes }
        let mine: UInt8 = length > common ? UInt8(bitPattern: name[common]) : (isTree ? 0x2F : 0)
        let theirs: UInt8 = other.length > common ? UInt8(bitPattern: other.name[common]) : (other.isTree ? 0x2F : 0)
        return Int32(mine) - Int32(theirs)
    }
}
