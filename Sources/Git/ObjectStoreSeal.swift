import CLibGit2
import Foundation

/// What a cached audit assumed about the object store: that every object it read holds the content its id names.
///
/// Audits read objects with libgit2's hash verification off (it would double their cost), and a cache of audited
/// tips skips re-reading everything below them, so an object rewritten in place after the audit (a loose file
/// replaced, a pack or index swapped, an altered copy moved into an alternate) would change what `verify --no-cache`
/// reads but not what a cached run reports. The seal notes the pack and info files and everything in alternates
/// exactly (path, inode, size, change and modification time) and the time it was made; it still holds when those
/// are unchanged and every loose object written (or linked, or moved) since then hashes to its name. New packs
/// (`git gc`, a fetch) or any change in an alternate break it: the next audit is a full one. Change times cannot
/// be set back by a file's owner, only by moving the system clock.
package struct ObjectStoreSeal: Codable, Equatable, Sendable {
    /// Nanoseconds since 1970 a little before the sealed audit began (a margin for the kernel's coarser clock).
    package var since: Int64
    /// Hash of the listing of the files that must not change at all.
    package var fixed: String

    /// How far before its making a seal dates itself: file times lag the wall clock by up to a timer tick.
    static let marginNanoseconds: Int64 = 2_000_000_000
}

extension Repository {
    /// The object store's seal as it stands now, for an audit about to begin; nil when the objects folder
    /// cannot be named or listed (then nothing is cached).
    package func objectStoreSeal() -> ObjectStoreSeal? {
        guard let objects = objectsDirectory(), let fixed = fixedObjectFiles(objects) else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let since = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec) - ObjectStoreSeal.marginNanoseconds
        return ObjectStoreSeal(since: since, fixed: fixed)
    }

    /// Nil when `seal` still holds, else what changed (for `--verbose`).
    package func objectStoreChange(since seal: ObjectStoreSeal) -> String? {
        guard let objects = objectsDirectory(), let fixed = fixedObjectFiles(objects) else {
            return "the objects folder cannot be listed"
        }
        guard fixed == seal.fixed else { return "pack, index or alternate object files changed" }
        return changedLooseObject(objects, since: seal.since).map { "loose object \($0) does not match its id" }
    }

    /// A hash of `(path, inode, size, ctime, mtime)` of every file in `objects`' `pack/` and `info/` folders and of
    /// every file of each alternate object folder (as `info/alternates` lists them, nested ones included).
    private func fixedObjectFiles(_ objects: String) -> String? {
        var lines: [String] = []
        var folders = [(objects, ["pack", "info"])]
        var seen: Set<String> = []
        while let (folder, parts) = folders.popLast() {
            let root = (folder as NSString).standardizingPath
            guard seen.insert(root).inserted, seen.count <= 16 else { continue }
            // The folder's own times change with every new fan-out folder: only which folder it is counts.
            lines.append(
                "folder \(root) \(FileStamp(root).map { "\($0.inode)\($0.isLink ? " link" : "")" } ?? "missing")")
            for part in parts {
                guard let files = FileStamp.files(under: root + "/" + part) else { return nil }
                lines += files
            }
            let alternates = (try? String(contentsOfFile: root + "/info/alternates", encoding: .utf8)) ?? ""
            for line in alternates.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
                let path = line.hasPrefix("/") ? String(line) : root + "/" + line
                folders.append((path, [""]))
            }
        }
        return try? Repository.hashBlob(Data(lines.sorted().joined(separator: "\n").utf8)).hex
    }

    /// The first loose object of `objects` written, moved or linked after `since` whose content does not hash to
    /// its name (or cannot be read), as its id; nil when there is none. A fan-out folder that changed after `since`
    /// has each of its objects checked; a fan-out folder that is a link is a change in itself.
    private func changedLooseObject(_ objects: String, since: Int64) -> String? {
        guard let fanOuts = try? FileManager.default.contentsOfDirectory(atPath: objects) else { return "(folder)" }
        var odb: Handle?
        for fanOut in fanOuts where fanOut.count == 2 && fanOut.allSatisfy(\.isHexDigit) {
            let folder = objects + "/" + fanOut
            guard let stamp = FileStamp(folder), !stamp.isLink else { return fanOut }
            // A folder changed since (an object added, or the folder itself moved here) has all its objects checked.
            let wholeFolder = stamp.changed > since
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where name.count == 38 && name.allSatisfy(\.isHexDigit) {
                guard let file = FileStamp(folder + "/" + name) else { continue }
                guard wholeFolder || file.changed > since || file.isLink else { continue }
                if odb == nil { odb = Self.looseObjectDatabase(objects) }
                guard let odb, Self.holdsItsContent(odb, id: fanOut + name) else { return fanOut + name }
            }
        }
        return nil
    }

    /// An object database reading only `objects`' loose files (a packed copy must not answer for them).
    private static func looseObjectDatabase(_ objects: String) -> Handle? {
        guard let odb = try? Handle("git_odb_new", free: git_odb_free, { git_odb_new(&$0) }) else { return nil }
        var backend: OpaquePointer?
        guard git_odb_backend_loose(&backend, objects, -1, 0, 0, 0) == 0, let backend else { return nil }
        // The database owns the backend once added (adding fails only when memory runs out).
        return odb.use({ git_odb_add_backend($0, backend, 1) }) == 0 ? odb : nil
    }

    /// Whether the loose object `id` reads and hashes to `id`.
    private static func holdsItsContent(_ odb: Handle, id: String) -> Bool {
        var oid = git_oid()
        guard git_oid_fromstrn(&oid, id, 40) == 0 else { return false }
        return odb.use { odb in
            var object: OpaquePointer?
            guard git_odb_read(&object, odb, &oid) == 0, let object else { return false }
            defer { git_odb_object_free(object) }
            var computed = git_oid()
            let rc = git_odb_hash(
                &computed, git_odb_object_data(object), git_odb_object_size(object), git_odb_object_type(object))
            return rc == 0 && git_oid_equal(&computed, &oid) == 1
        }
    }
}

/// A file's identity and times as the seal compares them; a link is stamped with the later of its own and its
/// target's times, so re-pointing a link at an old file still counts as a change.
private struct FileStamp {
    let inode: UInt64
    let size: Int64
    let changed: Int64
    let modified: Int64
    let isLink: Bool

    init?(_ path: String) {
        var own = stat()
        guard lstat(path, &own) == 0 else { return nil }
        var target = own
        isLink = (own.st_mode & S_IFMT) == S_IFLNK
        if isLink { guard stat(path, &target) == 0 else { return nil } }
        inode = UInt64(target.st_ino)
        size = Int64(target.st_size)
        changed = max(Self.nanoseconds(own.st_ctim), Self.nanoseconds(target.st_ctim))
        modified = max(Self.nanoseconds(own.st_mtim), Self.nanoseconds(target.st_mtim))
    }

    static func nanoseconds(_ time: timespec) -> Int64 { Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) }

    var text: String { "\(inode) \(size) \(changed) \(modified)\(isLink ? " link" : "")" }

    /// `path relative-name stamp` for every file below `folder` (none when it does not exist); nil when it
    /// exists but cannot be listed.
    static func files(under folder: String) -> [String]? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { return FileStamp(folder).map { ["\(folder) \($0.text)"] } ?? [] }
        guard let names = try? FileManager.default.subpathsOfDirectory(atPath: folder) else { return nil }
        return names.compactMap { name in FileStamp(folder + "/" + name).map { "\(folder)/\(name) \($0.text)" } }
    }
}
