import Domain
import Foundation
import Git

/// One waiver commit as read back from history (trailers `Gate-Waiver-Service`, `-Phase`, `-Validator`,
/// `-Expires`, `-Owner`, `-Reason`).
package struct WaiverEntry: Sendable, Equatable {
    package let commit: OID
    package let service: Recorded<ServiceName>
    package let phase: Recorded<Phase>
    package let validator: String
    /// The `Gate-Waiver-Expires` value as written; `expires` is nil when it is no date.
    package let expiresText: String
    package let expires: CalendarDay?
    package let owner: String
    package let reason: String
    /// The `Signed-off-by` value, or the author when missing.
    package let signer: String
    /// Committer time: when the waiver was written (what backdating and `max_days` are measured from).
    package let time: Date

    /// The UTC day the waiver was written.
    package var writtenOn: CalendarDay { CalendarDay(time) }

    /// What an evidence record keeps of it.
    package var reference: WaiverReference {
        WaiverReference(commit: commit.hex, expires: expiresText, owner: owner, reason: reason)
    }
}

/// An `unwaive` commit: `Gate-Waiver-Revoked: <waiver commit>` ends that waiver early.
package struct WaiverRevocation: Sendable, Equatable {
    package let commit: OID
    /// The waiver commits it ends (full or abbreviated ids, lowercased).
    package let revoked: [String]
    package let service: Recorded<ServiceName>
    /// The `Gate-Waiver-Phase` it names (nil when missing: then it ends that validator's waivers in every phase).
    package let phase: Recorded<Phase>?
    package let validator: String
    package let signer: String
    package let time: Date
}

/// What a commit with `Gate-Waiver-*` trailers records.
package enum WaiverEvent: Sendable {
    case waiver(WaiverEntry)
    case revocation(WaiverRevocation)
    /// `approve <svc> --waiver <validator>`: the approval's phase field holds the waiver's phase.
    case approval(ApprovalEntry, validator: String)
}

/// Reads waiver trailers out of commit messages.
package enum WaiverLog {
    /// The trailer prefix every waiver, revocation and waiver approval carries.
    package static let marker = TrailerKey.waiverPrefix

    /// The waiver trailers a waiver, unwaive or waiver approval records once each (`Gate-Waiver-Revoked` may list
    /// several waivers).
    static let singleKeys: [TrailerKey] = [
        .waiverService, .waiverPhase, .waiverValidator, .waiverExpires, .waiverOwner, .waiverReason, .waiverApproval,
    ]

    /// The waiver event a commit records, or nil when it carries no complete set of waiver trailers or repeats one
    /// (ambiguous: `git log --format=%(trailers)` would show another validator or expiry than the one judged).
    package static func event(_ info: CommitInfo) throws -> WaiverEvent? {
        guard info.message.contains(marker) else { return nil }
        let trailers = try Repository.trailers(in: info.message)
        guard trailers.repeated(singleKeys).isEmpty else { return nil }
        func value(_ key: TrailerKey) -> String? { trailers.last(key) }
        let signer = value(.signedOffBy) ?? "\(info.author.name) <\(info.author.email)>"
        guard let service = value(.waiverService), let validator = value(.waiverValidator) else { return nil }
        let revoked = trailers.all(.waiverRevoked)
        if !revoked.isEmpty {
            return .revocation(
                WaiverRevocation(
                    commit: info.id, revoked: revoked.map { $0.value.lowercased() }, service: Recorded(service),
                    phase: value(.waiverPhase).map(Recorded.init), validator: validator, signer: signer,
                    time: info.committer.time))
        }
        guard let phase = value(.waiverPhase) else { return nil }
        if let role = value(.waiverApproval) {
            let entry = ApprovalEntry(
                commit: info.id, service: Recorded(service), phase: Recorded(phase), role: role, signer: signer,
                email: ApprovalLog.email(in: signer) ?? info.author.email, time: info.committer.time)
            return .approval(entry, validator: validator)
        }
        guard let expires = value(.waiverExpires) else { return nil }
        return .waiver(
            WaiverEntry(
                commit: info.id, service: Recorded(service), phase: Recorded(phase), validator: validator,
                expiresText: expires,
                expires: CalendarDay(parsing: expires), owner: value(.waiverOwner) ?? info.author.email,
                reason: value(.waiverReason) ?? "", signer: signer, time: info.committer.time))
    }

    /// The waiver trailers a message repeats.
    package static func repeatedKeys(_ info: CommitInfo) throws -> [String] {
        guard info.message.contains(marker) else { return [] }
        return try Repository.trailers(in: info.message).repeated(singleKeys)
    }

    /// Whether a message carries any waiver trailer (complete or not).
    package static func hasWaiverTrailers(_ info: CommitInfo) throws -> Bool {
        guard info.message.contains(marker) else { return false }
        return try Repository.trailers(in: info.message).contains { $0.key.lowercased().hasPrefix(marker.lowercased()) }
    }
}
