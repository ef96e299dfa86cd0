import Foundation

/// The files of an object store that its seal (`ObjectStoreSeal`) notes: every object folder libgit2 reads (this
/// repository's and its alternates, nested ones included, found as libgit2 finds them), every pack (an index and
/// its pack file), and a hash of the files that must not change at all.
struct ObjectStoreListing {
    struct Folder {
        /// The folder's real path (links and `..` resolved as the kernel resolves them for libgit2).
        let path: String
        /// `path inode`, or the path as named and ` missing`.
        let line: String
    }

    struct Pack {
        /// The pack's index file, which libgit2 opens the pack through.
        let index: String
        /// The index's path and both files' stamps.
        let line: String
    }

    /// Hash of the listing of every file under each folder's `info/` but `alternates` (whose folders are listed
    /// instead) and `packs` (which libgit2 does not read), and of every file in the `pack/` folder of a folder
    /// that holds a multi-pack index.
    let fixed: String
    let folders: [Folder]
    let packs: [Pack]
    /// The folders that hold a multi-pack index: libgit2 reads their packs through it, at its offsets, before any
    /// pack's own index (and only while every pack it names exists, so their packs are among the fixed files).
    let indexedFolders: [String]

    /// libgit2 reads the alternates of folders up to this depth (the repository's own folder is depth 0).
    static let alternatesDepth = 5
    /// More folders than this are not listed: the store then cannot be sealed (libgit2 itself sets no bound).
    static let maxFolders = 64

    /// Nil when a folder that exists cannot be listed, or there are more than `maxFolders`.
    init?(_ objects: String) {
        var fixedLines: [String] = []
        var folders: [Folder] = []
        var packs: [Pack] = []
        var indexedFolders: [String] = []
        var pending = [(path: objects, depth: 0)]
        var seen: Set<String> = []
        let workingDirectory = FileManager.default.currentDirectoryPath
        while !pending.isEmpty {
            let (named, depth) = pending.removeFirst()
            guard let root = Self.realPath(named) else {
                folders.append(Folder(path: named, line: "\(named) missing"))
                continue
            }
            guard seen.insert(root).inserted else { continue }
            guard seen.count <= Self.maxFolders else { return nil }
            folders.append(Folder(path: root, line: "\(root) \(FileStamp(root).map { "\($0.inode)" } ?? "missing")"))
            guard let info = FileStamp.files(under: root + "/info"),
                let packFiles = FileStamp.files(under: root + "/pack", recursive: false)
            else { return nil }
            for (path, stamp) in info where ![root + "/info/alternates", root + "/info/packs"].contains(path) {
                fixedLines.append("\(path) \(stamp.text)")
            }
            if packFiles.contains(where: { $0.path.hasSuffix("/multi-pack-index") }) {
                indexedFolders.append(root)
                fixedLines += packFiles.map { "\($0.path) \($0.stamp.text)" }
            }
            let byPath = Dictionary(packFiles, uniquingKeysWith: { first, _ in first })
            for (path, stamp) in packFiles where path.hasSuffix(".idx") {
                let packFile = String(path.dropLast(4)) + ".pack"
                packs.append(
                    Pack(index: path, line: "\(path) \(stamp.text) | \(byPath[packFile]?.text ?? "missing")"))
            }
            guard depth <= Self.alternatesDepth else { continue }
            // As libgit2 reads them: a line starting with `.` is relative to the folder as named, one starting with
            // `/` is absolute, any other is relative to the working directory.
            // libgit2 reads the lines as bytes: one that is not UTF-8 cannot be named here, so the store is not
            // sealed (reading the file as text used to drop every line for one such byte, even in a comment).
            let bytes = FileManager.default.contents(atPath: root + "/info/alternates") ?? Data()
            for raw in bytes.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) where raw.first != UInt8(ascii: "#") {
                guard let line = String(validating: raw, as: UTF8.self) else { return nil }
                let path =
                    line.hasPrefix(".")
                    ? named + "/" + line : line.hasPrefix("/") ? String(line) : workingDirectory + "/" + line
                pending.append((path, depth + 1))
            }
        }
        guard let fixed = try? Repository.hashBlob(Data(fixedLines.sorted().joined(separator: "\n").utf8)).hex else {
            return nil
        }
        self.fixed = fixed
        self.folders = folders
        self.packs = packs
        self.indexedFolders = indexedFolders
    }

    /// `path` with every link and `..` resolved by the kernel, as libgit2's reads resolve it; nil when it does not
    /// exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
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
        let listed = recursive ? try? FileManager.default.subpathsOfDirectory(atPath: folder) : names(in: folder)
        guard let names = listed else { return nil }
        return names.compactMap { name in FileStamp(folder + "/" + name).map { (folder + "/" + name, $0) } }
    }

    /// The names in `folder` as the kernel lists them; nil when it cannot be listed or a name is not UTF-8 (libgit2
    /// reads a pack of any name ending in `.idx`; Foundation's listing drops such names).
    static func names(in folder: String) -> [String]? {
        guard let stream = opendir(folder) else { return nil }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
                String(validating: buffer.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let name else { return nil }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
