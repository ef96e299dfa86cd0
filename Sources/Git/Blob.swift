import CLibGit2
import Foundation

extension Repository {
    /// The raw bytes of a blob.
    package func blobData(_ id: OID) throws -> Data {
        try handle.use { repo in
            var raw = id.raw
            let blob = try Handle("git_blob_lookup", free: git_blob_free) { git_blob_lookup(&$0, repo, &raw) }
            return blob.use { pointer in
                let size = Int(git_blob_rawsize(pointer))
                guard size > 0, let bytes = git_blob_rawcontent(pointer) else { return Data() }
                return Data(bytes: bytes, count: size)
            }
        }
    }

    /// The largest file read as one of the tool's own (plan, state, checklist, gate file, evidence): they are
    /// kilobytes, and a forged 150 MB blob would otherwise be held whole in memory before any check refused it.
    package static let ownFileLimit = 16 << 20

    /// The bytes of the blob at `path`, refused unread when larger than `limit` (its size comes from the object
    /// header, so nothing is inflated).
    package func blobData(_ id: OID, path: String, limit: Int = ownFileLimit) throws -> Data {
        let size = try objectSize(id)
        guard size <= limit else { throw GitError.fileTooLarge(path: path, bytes: size, limit: limit) }
        return try blobData(id)
    }

    /// An object's size as its header records it.
    func objectSize(_ id: OID) throws -> Int {
        let odb = try objectDatabase()
        var raw = id.raw
        var size = 0
        var type = GIT_OBJECT_INVALID
        _ = try odb.use { try check(git_odb_read_header(&size, &type, $0, &raw), "git_odb_read_header") }
        return size
    }

    /// Stores `data` as a blob and returns its id.
    func writeBlob(_ data: Data) throws -> OID {
        try handle.use { repo in
            var out = git_oid()
            let rc = data.withUnsafeBytes { bytes in
                git_blob_create_from_buffer(&out, repo, bytes.baseAddress, bytes.count)
            }
            try check(rc, "git_blob_create_from_buffer")
            return OID(out)
        }
    }
}
