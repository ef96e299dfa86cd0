import Foundation

/// The files of an object store that its seal (`ObjectStoreSeal`) notes: every object folder (this repository's
/// and its alternates, nested ones included), every pack (an index and its pack file, as libgit2 finds them),
/// and a hash of the files that must not change at all.
struct ObjectStoreListing {
    struct Folder {
        let path: String
        /// `path inode`, with ` link` when the folder is reached through a symbolic link.
        let line: String
    }

    struct Pack {
        /// The pack's index file, which libgit2 opens the pack through.
        let index: String
        /// The index's path and both files' stamps.
        let line: String
    }

    /// Hash of the listing of the multi-pack indexes and of every file under each folder's `info/` but
    /// `alternates` (whose folders are listed instead) and `packs` (which libgit2 does not read).
    let fixed: String
    let folders: [Folder]
    let packs: [Pack]

    /// Nil when a folder that exists cannot be listed.
    init?(_ objects: String) {
        var fixedLines: [String] = []
        var folders: [Folder] = []
        var packs: [Pack] = []
        var pending = [objects]
        var seen: Set<String> = []
        while let next = pending.popLast() {
            let root = (next as NSString).standardizingPath
            guard seen.insert(root).inserted, seen.count <= 16 else { continue }
            let stamp = FileStamp(root)
            folders.append(
                Folder(
                    path: root, line: "\(root) \(stamp.map { "\($0.inode)\($0.isLink ? " link" : "")" } ?? "missing")"))
            guard let info = FileStamp.files(under: root + "/info"),
                let packFiles = FileStamp.files(under: root + "/pack", recursive: false)
            else { return nil }
            for (path, stamp) in info where ![root + "/info/alternates", root + "/info/packs"].contains(path) {
                fixedLines.append("\(path) \(stamp.text)")
            }
            let byPath = Dictionary(packFiles, uniquingKeysWith: { first, _ in first })
            for (path, stamp) in packFiles {
                if path.hasSuffix("/multi-pack-index") { fixedLines.append("\(path) \(stamp.text)") }
                guard path.hasSuffix(".idx") else { continue }
                let packFile = String(path.dropLast(4)) + ".pack"
                packs.append(
                    Pack(index: path, line: "\(path) \(stamp.text) | \(byPath[packFile]?.text ?? "missing")"))
            }
            let alternates = (try? String(contentsOfFile: root + "/info/alternates", encoding: .utf8)) ?? ""
            for line in alternates.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
                pending.append(line.hasPrefix("/") ? String(line) : root + "/" + line)
            }
        }
        guard let fixed = try? Repository.hashBlob(Data(fixedLines.sorted().joined(separator: "\n").utf8)).hex else {
            return nil
        }
        self.fixed = fixed
        self.folders = folders
        self.packs = packs
    }
}

/// A file's identity and times as the seal compares them; a link is stamped with the later of its own and its
/// target's times, so re-pointing a link at an old file still counts as a change.
struct FileStamp {
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

    /// Every file below `folder` (only directly in it unless `recursive`) with its stamp; none when `folder` does
    /// not exist, nil when it exists but cannot be listed.
    static func files(under folder: String, recursive: Bool = true) -> [(path: String, stamp: FileStamp)]? {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { return FileStamp(folder).map { [(folder, $0)] } ?? [] }
        let listed =
            recursive
            ? try? FileManager.default.subpathsOfDirectory(atPath: folder)
            : try? FileManager.default.contentsOfDirectory(atPath: folder)
        guard let names = listed else { return nil }
        return names.compactMap { name in FileStamp(folder + "/" + name).map { (folder + "/" + name, $0) } }
    }
}
