import CLibGit2
import Foundation

/// A commit's metadata copied out of libgit2, enough for history, status and audit.
package struct CommitInfo: Equatable, Sendable {
    package let id: OID
    package let tree: OID
    package let parents: [OID]
    /// The full raw message, trailers included.
    package let message: String
    /// The first paragraph of the message, on one line.
    package let summary: String
    package let author: PersonStamp
    package let committer: PersonStamp

    /// The message's trailers (`Gate-Service`, `Signed-off-by` …), empty when it has none.
    package var trailers: [Trailer] { (try? Repository.trailers(in: message)) ?? [] }

    /// The first value of trailer `key` (case-insensitive), nil when absent.
    package func trailer(_ key: String) -> String? {
        trailers.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
    }
}

/// A name, email and time as recorded in a commit header.
package struct PersonStamp: Equatable, Sendable {
    package let name: String
    package let email: String
    package let time: Date
    /// Minutes east of UTC of the recorded time zone.
    package let offsetMinutes: Int

    init(_ signature: UnsafePointer<git_signature>?) {
        guard let signature else {
            self.init(name: "", email: "", time: Date(timeIntervalSince1970: 0), offsetMinutes: 0)
            return
        }
        self.init(
            name: copyString(signature.pointee.name) ?? "",
            email: copyString(signature.pointee.email) ?? "",
            time: Date(timeIntervalSince1970: TimeInterval(signature.pointee.when.time)),
            offsetMinutes: Int(signature.pointee.when.offset))
    }

    package init(name: String, email: String, time: Date, offsetMinutes: Int) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }
}

extension Repository {
    /// Reads a commit's ids, message and people, so callers never hold libgit2 objects.
    package func commit(_ id: OID) throws -> CommitInfo {
        let commit = try lookupCommit(id)
        return try commit.use { pointer in
            guard let tree = OID(git_commit_tree_id(pointer)) else {
                throw GitError.libgit2(function: "git_commit_tree_id", code: -1, message: "commit \(id) has no tree")
            }
            let parents = (0..<git_commit_parentcount(pointer)).compactMap { OID(git_commit_parent_id(pointer, $0)) }
            return CommitInfo(
                id: id, tree: tree, parents: parents,
                message: copyString(git_commit_message_raw(pointer)) ?? "",
                summary: copyString(git_commit_summary(pointer)) ?? "",
                author: PersonStamp(git_commit_author(pointer)),
                committer: PersonStamp(git_commit_committer(pointer)))
        }
    }
}
