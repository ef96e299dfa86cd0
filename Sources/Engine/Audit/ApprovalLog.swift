import Domain
import Foundation
import Git

/// One approval commit as read back from history (trailers `Gate-Service`, `Gate-Phase`, `Gate-Approval`).
package struct ApprovalEntry: Sendable, Equatable {
    package let commit: OID
    /// The `Gate-Service` value as written.
    package let service: Recorded<ServiceName>
    package let phase: Recorded<Phase>
    package let role: String
    /// The `Signed-off-by` value, or the author when missing.
    package let signer: String
    /// The email inside `signer`.
    package let email: String
    package let time: Date
}

/// Reads approval trailers out of commit messages.
package enum ApprovalLog {
    /// The trailers an approval records once each.
    static let singleKeys: [TrailerKey] = [.service, .phase, .approval]

    /// The approval a commit records, or nil when it carries no `Gate-Approval` trailer, or repeats one of its
    /// trailers (ambiguous: git's readers and this one would disagree on the service, phase or role approved).
    package static func entry(_ info: CommitInfo) throws -> ApprovalEntry? {
        // git reads trailer keys case-insensitively and allows spaces before the colon; so does this pre-check.
        guard info.message.range(of: TrailerKey.approval.rawValue, options: .caseInsensitive) != nil else { return nil }
        let trailers = try Repository.trailers(in: info.message)
        guard trailers.repeated(singleKeys).isEmpty else { return nil }
        func value(_ key: TrailerKey) -> String? { trailers.last(key) }
        guard let service = value(.service), let phase = value(.phase), let role = value(.approval)
        else { return nil }
        let signer = value(.signedOffBy) ?? "\(info.author.name) <\(info.author.email)>"
        return ApprovalEntry(
            commit: info.id, service: Recorded(service), phase: Recorded(phase), role: role, signer: signer,
            email: email(in: signer) ?? info.author.email, time: info.committer.time)
    }

    /// The approval trailers a commit with a `Gate-Approval` trailer repeats (none for other commits).
    static func repeatedKeys(_ info: CommitInfo) throws -> [String] {
        guard info.message.range(of: TrailerKey.approval.rawValue, options: .caseInsensitive) != nil else { return [] }
        let trailers = try Repository.trailers(in: info.message)
        return trailers.all(.approval).isEmpty ? [] : trailers.repeated(singleKeys)
    }

    /// The address between `<` and `>` of a `Name <email>` value.
    static func email(in signer: String) -> String? {
        guard let open = signer.lastIndex(of: "<"), let close = signer.lastIndex(of: ">"), open < close else {
            return nil
        }
        return String(signer[signer.index(after: open)..<close])
    }
}
