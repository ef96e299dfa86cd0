import CLibGit2
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Repository {
    /// Puts the committed files in the work tree and refreshes only their index entries.
    func workTreeAndIndexUpdate(_ files: [(path: String, data: Data)]) throws {
        for file in files { try writeAtomically(file.data, to: file.path) }
        try refreshIndex(paths: files.map(\.path))
    }

    /// Writes `data` to a temporary file beside `path` and renames it over the target, keeping its
    /// permissions; a symbolic link on the way or at the target is refused, never followed.
    func writeAtomically(_ data: Data, to path: String) throws {
        try ConfinedFiles(root: workdir).write(data, to: path)
    }

    /// Reloads the index from disk (under our lock), re-adds `paths` from the work tree and writes it back.
    func refreshIndex(paths: [String]) throws {
        let index = try handle.use { repo in
            try Handle("git_repository_index", free: git_index_free) { git_repository_index(&$0, repo) }
        }
        try index.use { pointer in
            try check(git_index_read(pointer, 1), "git_index_read")
            for path in paths {
                try check(git_index_add_bypath(pointer, path), "git_index_add_bypath")
            }
            var lockedTries = 0
            while true {
                let rc = git_index_write(pointer)
                if isCode(rc, GIT_ELOCKED) && lockedTries < 50 {
                    lockedTries += 1
                    usleep(20_000)
                    continue
                }
                try check(rc, "git_index_write")
                return
            }
        }
    }
}
