import CLibGit2
import Foundation

extension Repository {
    /// The armored signature of a signed commit and the exact bytes it signs, nil when the commit is unsigned.
    package func extractSignature(of commit: OID, field: String = "gpgsig") throws -> (
        signature: String, signedData: String
    )? {
        try handle.use { repo in
            var signature = git_buf()
            var signedData = git_buf()
            var raw = commit.raw
            let rc = git_commit_extract_signature(&signature, &signedData, repo, &raw, field)
            if isCode(rc, GIT_ENOTFOUND) {
                git_buf_dispose(&signature)
                git_buf_dispose(&signedData)
                return nil
            }
            if rc < 0 {
                let error = lastError(rc, "git_commit_extract_signature")
                git_buf_dispose(&signature)
                git_buf_dispose(&signedData)
                throw error
            }
            return (takeBuffer(&signature), takeBuffer(&signedData))
        }
    }
}
