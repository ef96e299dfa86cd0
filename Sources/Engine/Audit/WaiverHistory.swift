import Domain
import Foundation
import Git

/// What `history` and `review` show of a waiver event.
package struct WaiverNote: Codable, Equatable, Sendable {
    package let validator: String
    package let phase: String
    /// `waive`, `unwaive` or `waiver-approval` (read back as recorded, like a history row's kind).
    package let event: Recorded<HistoryKind>
    package let expires: String?
    package let owner: String?
    package let reason: String?
    /// For `unwaive`: the waiver commits it ends.
    package let revoked: [String]?
    /// For `waiver-approval`: the role approved as.
    package let role: String?

    /// One line for tables: "waive lint until 2026-12-10 (owner a@x): reason".
    package var summary: String {
        switch event {
        case .known(.waive):
            return "waive \(validator) until \(expires ?? "?") (owner \(owner ?? "?")): \(reason ?? "")"
        case .known(.unwaive):
            return "unwaive \(validator): ends \((revoked ?? []).map { String($0.prefix(12)) }.joined(separator: ", "))"
        default: return "approve a waiver of \(validator) as \(role ?? "?")"
        }
    }
}

extension History {
    /// The history row of a waiver, revocation or waiver-approval commit; nil for any other commit.
    func waiverRow(_ info: CommitInfo) throws -> HistoryEntry? {
        guard let event = try WaiverLog.event(info) else { return nil }
        let service: Recorded<ServiceName>, phase: String, signer: String, note: WaiverNote
        switch event {
        case .waiver(let entry):
            (service, phase, signer) = (entry.service, entry.phase.text, entry.signer)
            note = WaiverNote(
                validator: entry.validator, phase: phase, event: .known(.waive), expires: entry.expiresText,
                owner: entry.owner, reason: entry.reason, revoked: nil, role: nil)
        case .revocation(let revocation):
            (service, phase, signer) = (revocation.service, info.trailer(.waiverPhase) ?? "-", revocation.signer)
            note = WaiverNote(
                validator: revocation.validator, phase: phase, event: .known(.unwaive), expires: nil, owner: nil,
                reason: nil, revoked: revocation.revoked, role: nil)
        case .approval(let entry, let validator):
            (service, phase, signer) = (entry.service, entry.phase.text, entry.signer)
            note = WaiverNote(
                validator: validator, phase: phase, event: .known(.waiverApproval), expires: nil, owner: nil,
                reason: nil, revoked: nil, role: entry.role)
        }
        let status: SignatureStatus
        if let signatures {
            status = try signatures.verify(info.id).status
        } else {
            status = try repo.extractSignature(of: info.id) == nil ? .unsigned : .signed
        }
        var row = HistoryEntry(
            time: info.committer.time, service: service, from: RecordedState(phase), to: RecordedState(phase),
            kind: note.event,
            signer: signer, signature: status, signatureSigner: nil, evidence: nil, reason: nil,
            commit: info.id.hex)
        row.waiver = note
        return row
    }
}
