import CLibGit2
import Foundation

extension Repository {
    /// The blob id staged for `path` (stage 0), or nil when the index has no entry for it.
    /// Content ids, unlike stat-based status, cannot be fooled by racily-clean entries.
    package func indexBlobID(at path: String) throws -> OID? {
        let index = try handle.use { repo in
            try Handle("git_repository_index", free: git_index_free) { git_repository_index(&$0, repo) }
        }
        return try index.use { pointer in
            try check(git_index_read(pointer, 1), "git_index_read")
            guard let entry = git_index_get_bypath(pointer, path, 0) else { return nil }
            return OID(entry.pointee.id)
        }
    }
}
