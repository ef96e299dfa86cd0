import Foundation
import Support

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a work-tree path was refused: it is (or lies behind) a symbolic link, or leaves the workspace.
package enum WorkTreePathError: Error, LocalizedError, Equatable {
    /// `path` (repository-relative) is a symbolic link; `target` is where it points.
    case symlink(path: String, target: String, requested: String)
    /// A path written in a plan or gate file resolves outside the workspace.
    case outside(value: String, resolved: String, field: String)

    package var errorDescription: String? {
        switch self {
        case .symlink(let path, let target, let requested):
            let via = path == requested ? "" : " (on the way to \(requested))"
            return "\(path) is a symbolic link to \(target)\(via); podserve-gate reads and writes only real files "
                + "inside the workspace, never through a link: replace the link with the real file or folder "
                + "(`git rm --cached \(path)` if the link is committed, then `rm \(path)` and put the content there)"
        case .outside(let value, let resolved, let field):
            return "\(field) '\(value)' resolves to \(resolved), outside the workspace; keep the file inside the "
                + "repository (e.g. under gates/checks/) and write its path relative to the repository root, "
                + "without `..` and without a symbolic link leading out"
        }
    }
}

/// Files under one root (a work tree, or any exported copy of it) read and written without ever following
/// a symbolic link: every folder on the way is opened with `O_NOFOLLOW` relative to the one before, so a
/// link anywhere on the path is refused with `WorkTreePathError.symlink` (issue 10, part 3) instead of
/// leading the tool out of the workspace, and nothing is read or written through it.
package struct ConfinedFiles: Sendable {
    /// The root folder; it may itself be reached through links (e.g. a temporary folder), only what lies
    /// below it is checked.
    package let root: String

    package init(root: String) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    /// A regular file's bytes; nil when it (or a folder on its path) does not exist or is not a regular file.
    /// One larger than `limit` is refused before a byte is read (these are the tool's own small files).
    package func read(_ relative: String, limit: Int = Repository.ownFileLimit) throws -> Data? {
        let (folders, name) = try split(relative)
        guard let dir = try openFolders(folders, relative: relative, create: false) else { return nil }
        defer { close(dir) }
        let fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            try refuseLink(dir, name, prefix: relative, requested: relative)
            throw fileError("open", relative, code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fileError("stat", relative, errno) }
        // Only regular files are read: a FIFO or device would block or never end.
        guard info.st_mode & S_IFMT == S_IFREG else { return nil }
        guard Int(info.st_size) <= limit else {
            throw GitError.fileTooLarge(path: relative, bytes: Int(info.st_size), limit: limit)
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw fileError("read", relative, errno)
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return data
    }

    /// What is at `relative`: nil when nothing is; throws when a link is on the way or at the end.
    package func kind(_ relative: String) throws -> FileKind? {
        let (folders, name) = try split(relative)
        guard let dir = try openFolders(folders, relative: relative, create: false) else { return nil }
        defer { close(dir) }
        var info = stat()
        guard fstatat(dir, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { return nil }
            throw fileError("stat", relative, code)
        }
        switch info.st_mode & S_IFMT {
        case S_IFLNK:
            throw WorkTreePathError.symlink(path: relative, target: linkTarget(dir, name), requested: relative)
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        default: return .other
        }
    }

    /// What a path holds, as far as the tool cares.
    package enum FileKind: Sendable { case file, directory, other }

    /// Names in a folder, sorted; [] when it does not exist. The folder and those above it must not be links
    /// (entries that are links are listed: reading through one is refused where it happens).
    package func list(_ relative: String) throws -> [String] {
        let folders = try components(relative)
        guard let dir = try openFolders(folders[...], relative: relative, create: false) else { return [] }
        guard let stream = fdopendir(dir) else {
            close(dir)
            throw fileError("opendir", relative, errno)
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Throws when any existing part of the path is a link; a missing part ends the check (it will be created).
    package func requireNoLinks(_ relative: String) throws {
        let parts = try components(relative)
        var dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { throw fileError("open", root, errno) }
        defer { close(dir) }
        for (index, part) in parts.enumerated() {
            let prefix = parts[...index].joined(separator: "/")
            var info = stat()
            guard fstatat(dir, part, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return }
            if info.st_mode & S_IFMT == S_IFLNK {
                throw WorkTreePathError.symlink(path: prefix, target: linkTarget(dir, part), requested: relative)
            }
            guard index < parts.count - 1, info.st_mode & S_IFMT == S_IFDIR else { return }
            let next = openat(dir, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { return }
            close(dir)
            dir = next
        }
    }

    /// Writes `data` to a temporary file beside the target and renames it over the target, creating missing
    /// folders, keeping an existing file's permissions, and never following a link on the way.
    package func write(_ data: Data, to relative: String, defaultMode: mode_t = 0o644) throws {
        let (folders, name) = try split(relative)
        guard let dir = try openFolders(folders, relative: relative, create: true) else {
            throw fileError("mkdir", relative, ENOENT)
        }
        defer { close(dir) }
        var info = stat()
        var mode = defaultMode
        if fstatat(dir, name, &info, AT_SYMLINK_NOFOLLOW) == 0 {
            if info.st_mode & S_IFMT == S_IFLNK {
                throw WorkTreePathError.symlink(path: relative, target: linkTarget(dir, name), requested: relative)
            }
            mode = info.st_mode & 0o7777
        }
        let temporary = ".\(name).podserve-gate-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = openat(dir, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw fileError("open", relative + " (temporary file)", errno) }
        var ok = writeAll(data, to: fd)
        ok = ok && fchmod(fd, mode) == 0 && fsync(fd) == 0
        let failure = ok ? nil : fileError("write", relative, errno)
        close(fd)
        if let failure {
            unlinkat(dir, temporary, 0)
            throw failure
        }
        guard renameat(dir, temporary, dir, name) == 0 else {
            let failure = fileError("rename", relative, errno)
            unlinkat(dir, temporary, 0)
            throw failure
        }
    }

    // MARK: walking

    /// Opens each folder below the root without following links; nil when one is missing (or not a folder)
    /// and `create` is false.
    func openFolders(_ folders: ArraySlice<String>, relative: String, create: Bool) throws -> Int32? {
        var dir = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dir >= 0 else { throw fileError("open", root, errno) }
        var walked: [String] = []
        for folder in folders {
            walked.append(folder)
            var next = openat(dir, folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 && errno == ENOENT && create {
                if mkdirat(dir, folder, 0o755) != 0 && errno != EEXIST {
                    let code = errno
                    close(dir)
                    throw fileError("mkdir", walked.joined(separator: "/"), code)
                }
                next = openat(dir, folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            }
            if next < 0 {
                let code = errno
                defer { close(dir) }
                try refuseLink(dir, folder, prefix: walked.joined(separator: "/"), requested: relative)
                if code == ENOENT || code == ENOTDIR { return nil }
                throw fileError("open", walked.joined(separator: "/"), code)
            }
            close(dir)
            dir = next
        }
        return dir
    }

    /// Throws `.symlink` when `name` in `dir` is a link.
    func refuseLink(_ dir: Int32, _ name: String, prefix: String, requested: String) throws {
        var info = stat()
        if fstatat(dir, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & S_IFMT == S_IFLNK {
            throw WorkTreePathError.symlink(path: prefix, target: linkTarget(dir, name), requested: requested)
        }
    }

    func linkTarget(_ dir: Int32, _ name: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlinkat(dir, name, &buffer, buffer.count - 1)
        guard n >= 0 else { return "?" }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The path's parts; an absolute path, `..` or an empty path is refused.
    func components(_ relative: String) throws -> [String] {
        if relative.hasPrefix("/") {
            throw GitError.invalidPath(relative, reason: "absolute paths are not workspace files")
        }
        let parts = relative.split(separator: "/").map(String.init).filter { $0 != "." }
        if parts.contains("..") {
            throw GitError.invalidPath(relative, reason: "`..` leaves the workspace")
        }
        return parts
    }

    func split(_ relative: String) throws -> (folders: ArraySlice<String>, name: String) {
        let parts = try components(relative)
        guard let name = parts.last else { throw GitError.invalidPath(relative, reason: "empty path") }
        return (parts.dropLast(), name)
    }

    func fileError(_ operation: String, _ path: String, _ code: Int32) -> GitError {
        .fileSystem(operation: operation, path: path, message: String(cString: strerror(code)))
    }
}

extension WorkTreePathError: CategorizedError {
    /// A link or a path leading out of the workspace is in the user's files: bad input.
    package var category: ErrorCategory {
        switch self {
        case .symlink: return .badInput
        case .outside: return .badInput
        }
    }
}
