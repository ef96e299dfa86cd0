import CLibGit2
import Foundation

extension Repository {
    /// Whether `path` (a file or a directory) has any staged, unstaged or untracked change against HEAD.
    package func isDirty(path: String) throws -> Bool {
        let path = Self.normalize(path)
        var isDirectory: ObjCBool = false
        let onDisk = FileManager.default.fileExists(atPath: workdir + "/" + path, isDirectory: &isDirectory)
        if path.isEmpty || (onDisk && isDirectory.boolValue) { return try isDirtyTree(path) }
        return try handle.use { repo in
            var flags: UInt32 = 0
            let rc = git_status_file(&flags, repo, path)
            if isCode(rc, GIT_ENOTFOUND) { return false }
            if isCode(rc, GIT_EAMBIGUOUS) { return try isDirtyTree(path) }
            try check(rc, "git_status_file")
            return flags & ~GIT_STATUS_IGNORED.rawValue != 0
        }
    }

    /// Status of everything under a directory (or the whole work tree for "").
    private func isDirtyTree(_ path: String) throws -> Bool {
        try handle.use { repo in
            var options = git_status_options()
            try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "git_status_options_init")
            options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
            options.flags =
                GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
                | GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
            let list = try withPathspec(path.isEmpty ? [] : [path, path + "/*"]) { spec in
                options.pathspec = spec
                return try Handle("git_status_list_new", free: git_status_list_free) {
                    git_status_list_new(&$0, repo, &options)
                }
            }
            return list.use { git_status_list_entrycount($0) > 0 }
        }
    }

    /// Lends `paths` to libgit2 as a `git_strarray` for the duration of `body`.
    func withPathspec<T>(_ paths: [String], _ body: (git_strarray) throws -> T) rethrows -> T {
        let copies = paths.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers = copies.map { UnsafeMutablePointer<CChar>($0) }
        return try pointers.withUnsafeMutableBufferPointer { buffer in
            try body(git_strarray(strings: buffer.baseAddress, count: buffer.count))
        }
    }
}
