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
