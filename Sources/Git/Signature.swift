import CLibGit2
import Foundation

/// The person a transition commit is made by: git's `user.name` and `user.email`.
package struct Identity: Equatable, Sendable {
    package let name: String
    package let email: String

    package init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// The `Signed-off-by` trailer value git would write for this identity.
    package var signOff: String { "\(name) <\(email)>" }
}

/// An owned `git_signature`, freed with `git_signature_free`.
final class SignatureHandle {
    let pointer: UnsafeMutablePointer<git_signature>

    /// Stamps `identity` with the current time (`git_signature_now`).
    init(now identity: Identity) throws {
        var out: UnsafeMutablePointer<git_signature>?
        try check(git_signature_now(&out, identity.name, identity.email), "git_signature_now")
        guard let out else { throw GitError.libgit2(function: "git_signature_now", code: -1, message: "no signature") }
        pointer = out
    }

    deinit { git_signature_free(pointer) }
}

extension Repository {
    /// The committer identity from git config; throws `.noIdentity` naming each missing key.
    package func identity() throws -> Identity {
        let name = configString("user.name")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let email = configString("user.email")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let missing = [("user.name", name), ("user.email", email)].filter { $0.1.isEmpty }.map(\.0)
        guard missing.isEmpty else { throw GitError.noIdentity(missing: missing) }
        return try handle.use { repo in
            var out: UnsafeMutablePointer<git_signature>?
            let rc = git_signature_default(&out, repo)
            if isCode(rc, GIT_ENOTFOUND) { throw GitError.noIdentity(missing: ["user.name", "user.email"]) }
            try check(rc, "git_signature_default")
            guard let out else { throw GitError.noIdentity(missing: ["user.name", "user.email"]) }
            defer { git_signature_free(out) }
            return Identity(name: copyString(out.pointee.name) ?? name, email: copyString(out.pointee.email) ?? email)
        }
    }
}
