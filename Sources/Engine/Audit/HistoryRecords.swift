import Domain
import Foundation
import Git

/// A commit carrying `Gate-Waiver-*` trailers (issue 13), as history holds it; its trailers are kept verbatim.
package struct WaiverRecord: Sendable, Equatable {
    package let commit: String
    package let time: Date
    /// The `Signed-off-by` value, or the author when missing.
    package let signer: String
    /// Only the `Gate-Waiver-*` trailers, in message order.
    package let trailers: [Trailer]
}

/// Everything gate-related history holds, read in one pass: transitions as `history` shows them, approvals as
/// the approval check reads them, and waiver commits.
package struct HistoryRecords: Sendable {
    package var transitions: [HistoryEntry]
    /// Each service's newest transition (the last of `transitions` for it), as `TransitionLog` read it.
    /// Transitions whose `Gate-Service` is no valid name are in `transitions` only: no service of the board has it.
    package var latest: [ServiceName: TransitionEntry]
    package var approvals: [ApprovalEntry]
    package var waivers: [WaiverRecord]
}

extension History {
    /// Transitions, approvals and waivers reachable from `tip` (following all parents), each list oldest first.
    ///
    /// One raw scan for messages containing `Gate-` (`Repository.scanHistory`), then `TransitionLog`,
    /// `ApprovalLog` and the trailer parser on those commits only: the same readers `history`, `status` and
    /// the approval check use.
    package func records(from tip: OID) throws -> HistoryRecords {
        try Repository.setStrictHashVerification(false)
        try Repository.setObjectCaching(false)
        defer {
            try? Repository.setStrictHashVerification(true)
            try? Repository.setObjectCaching(true)
        }
        var transitions: [(entry: TransitionEntry, visit: Int)] = []
        var approvals: [(entry: ApprovalEntry, visit: Int)] = []
        var waivers: [(entry: WaiverRecord, visit: Int)] = []
        for scanned in try repo.scanHistory(from: tip, directory: nil, marker: TrailerKey.gatePrefix).commits {
            let info = try repo.commit(scanned.commit.id)
            if let entry = try TransitionLog.entry(info) { transitions.append((entry, scanned.index)) }
            if let entry = try ApprovalLog.entry(info) { approvals.append((entry, scanned.index)) }
            if info.message.contains(TrailerKey.waiverPrefix) {
                let trailers = try Repository.trailers(in: info.message)
                let waiver = trailers.filter { $0.key.lowercased().hasPrefix(TrailerKey.waiverPrefix.lowercased()) }
                if !waiver.isEmpty {
                    let signer =
                        trailers.last(.signedOffBy)
                        ?? "\(info.author.name) <\(info.author.email)>"
                    waivers.append(
                        (
                            WaiverRecord(
                                commit: info.id.hex, time: info.committer.time, signer: signer,
                                trailers: waiver), scanned.index
                        ))
                }
            }
        }
        // Oldest first: by commit time, and among equal times the later-visited (an ancestor) first.
        let ordered = transitions.sorted { ($0.entry.time, -$0.visit) < ($1.entry.time, -$1.visit) }.map(\.entry)
        var latest: [ServiceName: TransitionEntry] = [:]
        for entry in ordered {
            if let name = entry.service.known { latest[name] = entry }
        }
        return HistoryRecords(
            transitions: try ordered.map { try row($0) }, latest: latest,
            approvals: approvals.sorted { ($0.entry.time, -$0.visit) < ($1.entry.time, -$1.visit) }.map(\.entry),
            waivers: waivers.sorted { ($0.entry.time, -$0.visit) < ($1.entry.time, -$1.visit) }.map(\.entry))
    }
}
