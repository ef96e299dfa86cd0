import Domain
import Foundation
import Git

/// Where a phase's sign-off stands: which approvals count, which do not and why, and whether enough were given.
package struct ApprovalStatus: Codable, Sendable {
    package struct Rejected: Codable, Sendable {
        package let commit: String
        package let approver: String
        package let reason: String
    }
    /// The service as the approvals name it (a waiver's approvals name the service its trailer records).
    package let service: Recorded<ServiceName>
    package let phase: Recorded<Phase>
    package let role: String
    package let required: Int
    /// Distinct approvers whose approval counts, in the order given.
    package let approvedBy: [String]
    package let rejected: [Rejected]

    package var satisfied: Bool { approvedBy.count >= required }
    /// A sentence for gate output: "2 of 2 security approvals (a@x, b@x)" or what is missing.
    package var summary: String {
        let who = approvedBy.isEmpty ? "" : " (\(approvedBy.joined(separator: ", ")))"
        return "\(approvedBy.count) of \(required) \(role) approval(s) for \(phase)\(who)"
    }

    enum CodingKeys: String, CodingKey {
        case service, phase, role, required, rejected, satisfied
        case approvedBy = "approved_by"
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(service, forKey: .service)
        try c.encode(phase, forKey: .phase)
        try c.encode(role, forKey: .role)
        try c.encode(required, forKey: .required)
        try c.encode(approvedBy, forKey: .approvedBy)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(satisfied, forKey: .satisfied)
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        service = try c.decode(Recorded<ServiceName>.self, forKey: .service)
        phase = try c.decode(Recorded<Phase>.self, forKey: .phase)
        role = try c.decode(String.self, forKey: .role)
        required = try c.decode(Int.self, forKey: .required)
        approvedBy = try c.decode([String].self, forKey: .approvedBy)
        rejected = try c.decode([Rejected].self, forKey: .rejected)
    }

    init(
        service: Recorded<ServiceName>, phase: Recorded<Phase>, role: String, required: Int, approvedBy: [String],
        rejected: [Rejected]
    ) {
        self.service = service
        self.phase = phase
        self.role = role
        self.required = required
        self.approvedBy = approvedBy
        self.rejected = rejected
    }
}

/// Counts the valid approvals a gate asks for (`approvals:` in the gate file) since the service's last transition.
///
/// An approval counts when its commit is an approval for this service, phase and role, its approver is listed in
/// `approvers` (by email, or by the signing key's fingerprint / key id), and — when a signature checker is
/// given — its signature is good. Each approver counts once: two approvals that share an email, a signer or a
/// signing key are one approver's.
package struct ApprovalCheck {
    package let repo: Repository
    let signatures: SignatureChecker?

    package init(repo: Repository, checkingSignaturesWith signatures: SignatureChecker?) {
        self.repo = repo
        self.signatures = signatures
    }

    /// The approvals of `service` in `phase` reachable from `tip` and newer than its last transition.
    package func status(service: ServiceName, phase: Phase, rule: Approvals, tip: OID?) throws -> ApprovalStatus {
        let entries = try tip.map { try approvals(service: service, phase: phase, role: rule.role, tip: $0) } ?? []
        return try status(service: .known(service), phase: .known(phase), rule: rule, entries: entries)
    }

    /// Judges approval commits already found (newest first), e.g. the approvals of a waiver.
    package func status(
        service: Recorded<ServiceName>, phase: Recorded<Phase>, rule: Approvals, entries: [ApprovalEntry]
    ) throws
        -> ApprovalStatus
    {
        let listed = Set(rule.approvers.map(Self.normalized))
        var counted: [String] = []
        // Every identity an approval that counted showed (its email, the signature's principal, the key): an
        // approver counts once, also when it writes another email with the same key.
        var seen: Set<String> = []
        var rejected: [ApprovalStatus.Rejected] = []
        for entry in entries.reversed() {
            let email = entry.email.lowercased()
            var identities: Set<String> = [email]
            var key: String?
            if let signatures {
                let verdict = try signatures.verify(entry.commit)
                guard verdict.status == .good else {
                    rejected.append(
                        .init(
                            commit: entry.commit.hex, approver: entry.signer,
                            reason: "signature \(verdict.status.rawValue): \(verdict.detail)"))
                    continue
                }
                key = verdict.key
                if let signer = verdict.signer {
                    let signerEmail = (ApprovalLog.email(in: signer) ?? signer).lowercased()
                    guard signerEmail == email || Self.keyMatches(key, listed) else {
                        rejected.append(
                            .init(
                                commit: entry.commit.hex, approver: entry.signer,
                                reason: "signed by \(signer), not by \(entry.email)"))
                        continue
                    }
                    identities.insert(signerEmail)
                }
            }
            guard !identities.isDisjoint(with: listed) || Self.keyMatches(key, listed) else {
                rejected.append(
                    .init(
                        commit: entry.commit.hex, approver: entry.signer,
                        reason: "\(entry.email) is not an approver (\(rule.approvers.joined(separator: ", ")))"))
                continue
            }
            let shown = identities.union(key.map { ["key:" + $0.lowercased()] } ?? [])
            if shown.isDisjoint(with: seen) { counted.append(email) }
            seen.formUnion(shown)
        }
        return ApprovalStatus(
            service: service, phase: phase, role: rule.role, required: rule.required,
            approvedBy: counted, rejected: rejected)
    }

    /// Approval commits for this service/phase/role, newest first, made after the service's last transition.
    ///
    /// The walk stops at that transition; an approval met before it that does not descend from it came in by a
    /// merge from a branch that never saw the transition (given before a reopen, say) and does not count.
    func approvals(service: ServiceName, phase: Phase, role: String, tip: OID) throws -> [ApprovalEntry] {
        var found: [ApprovalEntry] = []
        var last: OID?
        try repo.walk(from: [tip], topological: true) { oid in
            let info = try repo.commit(oid)
            if let transition = try TransitionLog.entry(info), transition.service == .known(service) {
                last = oid
                return false
            }
            if let approval = try ApprovalLog.entry(info), approval.service == .known(service),
                approval.phase == .known(phase),
                approval.role == role
            {
                found.append(approval)
            }
            return true
        }
        guard let last else { return found }
        return try found.filter { try repo.isAncestor(last, of: $0.commit) }
    }

    /// An approver entry as compared: the email of `Name <email>`, else the entry itself, lowercased.
    static func normalized(_ approver: String) -> String {
        (ApprovalLog.email(in: approver) ?? approver).trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Whether a key id or fingerprint is listed (long OpenPGP ids also match their fingerprint's tail).
    static func keyMatches(_ key: String?, _ listed: Set<String>) -> Bool {
        guard let key = key?.lowercased(), !key.isEmpty else { return false }
        return listed.contains { $0 == key || (!$0.contains("@") && $0.count >= 8 && key.hasSuffix($0)) }
    }
}
