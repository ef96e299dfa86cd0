import Foundation

extension Repository {
    /// git's file mode of a symbolic link in a tree.
    static let symlinkMode: UInt32 = 0o120000

    /// Like `blobID(at:in:)`, but a committed symbolic link at `path` or on the way to it is refused with
    /// `WorkTreePathError.symlink` instead of being read as a file (or silently skipped as a missing one).
    package func confinedBlobID(at path: String, in commit: OID) throws -> OID? {
        if let entry = try treeEntry(at: path, in: commit) {
            if entry.mode == Self.symlinkMode {
                throw try linkError(Self.normalize(path), entry: entry, requested: path)
            }
            return entry.isTree ? nil : entry.id
        }
        try requireNoCommittedLinks(on: path, in: commit)
        return nil
    }

    /// Like `entryNames(at:in:)`, but refuses a folder that is (or lies behind) a committed symbolic link.
    package func confinedEntryNames(at path: String, in commit: OID) throws -> [String] {
        if try treeID(at: path, in: commit) == nil { try requireNoCommittedLinks(on: path, in: commit) }
        return try entryNames(at: path, in: commit)
    }

    /// Throws when `path` or a folder on the way to it is a committed symbolic link.
    func requireNoCommittedLinks(on path: String, in commit: OID) throws {
        let parts = Self.normalize(path).split(separator: "/").map(String.init)
        for end in parts.indices {
            let prefix = parts[...end].joined(separator: "/")
            guard let entry = try treeEntry(at: prefix, in: commit) else { return }
            if entry.mode == Self.symlinkMode { throw try linkError(prefix, entry: entry, requested: path) }
            if !entry.isTree { return }
        }
    }

    private func linkError(_ path: String, entry: TreeEntryInfo, requested: String) throws -> WorkTreePathError {
        let target = String(decoding: try blobData(entry.id).prefix(4096), as: UTF8.self)
        return .symlink(path: path, target: target, requested: Self.normalize(requested))
    }
}
