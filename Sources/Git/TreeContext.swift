import CLibGit2
import Foundation

/// One entry of a tree as git serialises it: what a filtered tree id and an export are made of.
private struct ExportEntry {
    let name: String
    let id: OID
    let raw: git_oid
    let mode: UInt32
    let type: git_object_t
}

extension Repository {
    /// The id git would give the tree `tree` with the top-level entries named in `excluding` left out
    /// (`git write-tree` of that directory), computed by hashing, without writing anything to the repository.
    /// With nothing excluded this is `tree` itself.
    package func treeID(of tree: OID, excluding: Set<String>) throws -> OID {
        let entries = try treeEntries(tree)
        let kept = entries.filter { !excluding.contains($0.name) }
        if kept.count == entries.count { return tree }
        // Tree object format: "<octal mode> <name>\0<20 raw id bytes>", in the tree's own (git) order.
        var body = Data()
        for entry in kept {
            body.append(contentsOf: Array(String(entry.mode, radix: 8).utf8))
            body.append(0x20)
            body.append(contentsOf: Array(entry.name.utf8))
            body.append(0)
            var raw = entry.raw
            withUnsafeBytes(of: &raw.id) { body.append(contentsOf: $0.prefix(20)) }
        }
        LibGit2.ensureInitialized()
        var oid = git_oid()
        let rc = body.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_TREE) }
        try check(rc, "git_odb_hash")
        return OID(oid)
    }

    /// Writes the files of `tree` below `directory` (created if needed): blobs with their executable bit,
    /// symbolic links as links; top-level names in `excluding` and submodules are left out. Reads only.
    package func exportTree(_ tree: OID, to directory: String, excluding: Set<String> = []) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for entry in try treeEntries(tree) where !excluding.contains(entry.name) {
            guard Self.isSafeEntryName(entry.name) else {
                throw GitError.invalidPath(
                    entry.name, reason: "a tree entry git refuses to check out; the build context is malformed")
            }
            let path = directory + "/" + entry.name
            switch entry.type {
            case GIT_OBJECT_TREE:
                try exportTree(entry.id, to: path)
            case GIT_OBJECT_BLOB:
                let data = try blobData(entry.id)
                if entry.mode == GIT_FILEMODE_LINK.rawValue {
                    try fm.createSymbolicLink(atPath: path, withDestinationPath: String(decoding: data, as: UTF8.self))
                } else {
                    guard fm.createFile(atPath: path, contents: data) else {
                        throw GitError.fileSystem(operation: "export", path: path, message: "cannot create the file")
                    }
                    let executable = entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue
                    try fm.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: path)
                }
            default:
                continue  // a submodule (commit entry) has no content in this repository
            }
        }
    }

    /// The entries of one tree, copied out of libgit2 in tree order.
    private func treeEntries(_ tree: OID) throws -> [ExportEntry] {
        let handle = try lookupTree(tree)
        return handle.use { pointer in
            (0..<git_tree_entrycount(pointer)).compactMap { index -> ExportEntry? in
                guard let entry = git_tree_entry_byindex(pointer, index),
                    let name = copyString(git_tree_entry_name(entry)),
                    let idPointer = git_tree_entry_id(entry), let id = OID(idPointer)
                else { return nil }
                return ExportEntry(
                    name: name, id: id, raw: idPointer.pointee, mode: git_tree_entry_filemode(entry).rawValue,
                    type: git_tree_entry_type(entry))
            }
        }
    }
}
