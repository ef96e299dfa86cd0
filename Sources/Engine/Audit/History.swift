import Domain
import Foundation
import Git

/// What a row of the readiness history records: a move of the phase machine (`create`, `advance`, `reopen`),
/// `illegal` for a recorded move it does not allow, or a waiver event (`waive`, `unwaive`, `waiver-approval`).
/// Rows are read back as `Recorded<HistoryKind>`, so a kind this version does not know stays visible as text.
package enum HistoryKind: String, Sendable, CaseIterable {
    case create, advance, reopen, illegal, waive, unwaive
    case waiverApproval = "waiver-approval"

    /// The row kind of a legal move of the phase machine.
    package init(_ move: TransitionKind) {
        switch move {
        case .create: self = .create
        case .advance: self = .advance
        case .reopen: self = .reopen
        }
    }
}

/// One row of the readiness history: a transition commit as `history` shows it.
package struct HistoryEntry: Codable, Equatable, Sendable {
    package let time: Date
    /// The `Gate-Service` value as written (a waiver row: `Gate-Waiver-Service`).
    package let service: Recorded<ServiceName>
    package let from: RecordedState
    package let to: RecordedState
    /// `create`, `advance`, `reopen`, or `illegal` when the recorded move is not one the phase machine allows;
    /// `waive`, `unwaive` or `waiver-approval` on waiver rows.
    package let kind: Recorded<HistoryKind>
    /// The `Signed-off-by` value.
    package let signer: String
    package let signature: SignatureStatus
    /// Who the signature belongs to (allowed-signers principal or key uid), when checked and known.
    package let signatureSigner: String?
    package let evidence: String?
    package let reason: String?
    package let commit: String
    /// Set on `waive` / `unwaive` / `waiver-approval` rows (only with `entries(…, waivers: true)`).
    package var waiver: WaiverNote? = nil

    enum CodingKeys: String, CodingKey {
        case time, service, from, to, kind, signer, signature, evidence, reason, commit, waiver
        case signatureSigner = "signature_signer"
    }
}

/// `history`: every transition reachable from a commit, following all parents of merges, oldest first.
package struct History {
    package let repo: Repository
    /// When set, signatures are checked (`good`/`bad`/`unknown-signer`); otherwise only `signed`/`unsigned` is read.
    let signatures: SignatureChecker?

    package init(repo: Repository, checkingSignaturesWith signatures: SignatureChecker? = nil) {
        self.repo = repo
        self.signatures = signatures
    }

    /// The transitions reachable from `tip` and not from `hiding` (of `service` only, when given), oldest first.
    /// With `waivers`, waiver, revocation and waiver-approval commits are rows too (kinds `waive`, `unwaive`,
    /// `waiver-approval`; `from` and `to` both name the waiver's phase).
    package func entries(from tip: OID, hiding: [OID] = [], service: ServiceName? = nil, waivers: Bool = false) throws
        -> [HistoryEntry]
    {
        if hiding.isEmpty { try repo.requireFullHistory() }
        try Repository.setStrictHashVerification(false)
        try Repository.setObjectCaching(false)
        defer {
            try? Repository.setStrictHashVerification(true)
            try? Repository.setObjectCaching(true)
        }
        var found: [(entry: TransitionEntry, visit: Int)] = []
        var waiverRows: [(row: HistoryEntry, visit: Int)] = []
        let marker = waivers ? TrailerKey.gatePrefix : TrailerKey.service.marker
        let collect = { (oid: OID, index: Int) throws in
            let info = try self.repo.commit(oid)
            if let entry = try TransitionLog.entry(info), service == nil || entry.service.known == service {
                found.append((entry, index))
            } else if waivers, let row = try self.waiverRow(info), service == nil || row.service.known == service {
                waiverRows.append((row, index))
            }
        }
        if hiding.isEmpty {
            for scanned in try repo.scanHistory(from: tip, directory: nil, marker: marker).commits {
                try collect(scanned.commit.id, scanned.index)
            }
        } else {
            var index = 0
            try repo.walk(from: [tip], topological: true, hiding: hiding) { oid in
                index += 1
                if try repo.scanCommit(oid, directory: nil, marker: marker).message != nil { try collect(oid, index) }
                return true
            }
        }
        // Oldest first: by commit time, and among equal times the later-visited (an ancestor) first.
        let rows = try found.map { (row: try row($0.entry), visit: $0.visit) } + waiverRows
        return rows.sorted { ($0.row.time, -$0.visit) < ($1.row.time, -$1.visit) }.map(\.row)
    }

    /// The `history` row of one transition (shared with `records(from:)`, so both show the same signature and kind).
    func row(_ entry: TransitionEntry) throws -> HistoryEntry {
        let status: SignatureStatus
        var signedBy: String?
        if let signatures {
            let verdict = try signatures.verify(entry.commit)
            status = verdict.status
            signedBy = verdict.signer
        } else {
            status = try repo.extractSignature(of: entry.commit) == nil ? .unsigned : .signed
        }
        var kind = HistoryKind.illegal
        switch (entry.from, entry.to) {
        case (.none, .phase(let to)), (.phase, .phase(let to)):
            if case .legal(let legal) = PhaseMachine.classify(from: entry.from.phase, to: to, reason: entry.reason) {
                kind = HistoryKind(legal)
            }
        case (.unrecognized, _), (_, .unrecognized), (_, .none):
            break  // not a move the phase machine knows
        }
        return HistoryEntry(
            time: entry.time, service: entry.service, from: entry.from, to: entry.to,
            kind: .known(kind), signer: entry.signer, signature: status,
            signatureSigner: signedBy, evidence: entry.evidence, reason: entry.reason, commit: entry.commit.hex)
    }
}
