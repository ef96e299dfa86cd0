import CLibGit2
import Foundation

extension Repository {
    /// The id git gives `data` as a blob (`git hash-object`), computed without writing it, so a commit
    /// message can name the evidence blob before the commit exists.
    package static func hashBlob(_ data: Data) throws -> OID {
        LibGit2.ensureInitialized()
        var oid = git_oid()
        let rc = data.withUnsafeBytes { raw in
            git_odb_hash(&oid, raw.baseAddress, raw.count, GIT_OBJECT_BLOB)
        }
        try check(rc, "git_odb_hash")
        return OID(oid)
    }
}
