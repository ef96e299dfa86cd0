import Domain
import Foundation
import Git

/// Why a waiver does not count; the first group is wrong from the day it was written, the rest depend on the day.
package enum WaiverProblem: Equatable, Sendable, CustomStringConvertible {
    case forbidden(gateFile: String)
    case badExpiry(String)
    case backdated(expires: CalendarDay, written: CalendarDay)
    case beyondMaxDays(days: Int, max: Int, gateFile: String)
    case unapproved(summary: String)
    case expired(CalendarDay)
    case notYetWritten(CalendarDay)
    case revoked(commit: String)

    /// Wrong whatever the day: `waive` refuses these and `verify` flags a waiver commit that has one.
    package var isWritten: Bool {
        switch self {
        case .forbidden, .badExpiry, .backdated, .beyondMaxDays, .unapproved: return true
        case .expired, .notYetWritten, .revoked: return false
        }
    }

    package var description: String {
        switch self {
        case .forbidden(let gateFile): return "\(gateFile) does not allow waiving this validator"
        case .badExpiry(let text): return "expiry '\(text)' is no date YYYY-MM-DD"
        case .backdated(let expires, let written):
            return "backdated: it expires \(expires), before it was written (\(written))"
        case .beyondMaxDays(let days, let max, let gateFile):
            return "it runs \(days) days, beyond max_days \(max) of \(gateFile)"
        case .unapproved(let summary): return "not approved: \(summary)"
        case .expired(let day): return "expired \(day)"
        case .notYetWritten(let day): return "written only on \(day)"
        case .revoked(let commit): return "revoked by \(commit.prefix(12))"
        }
    }
}

/// Judges waivers against a gate file's policy on a given day (the rules `check`, `advance`, `waive` and `verify` share).
///
/// A waiver counts on day D when its gate allows waiving the validator, its expiry is a date no earlier than the day it
/// was written and at most `max_days` after it, the approvals the gate asks for were given before it (M distinct listed
/// approvers, signatures checked when a checker is given), it was written on or before D, D is on or before its expiry
/// day (a waiver expiring 2026-12-15 counts through that whole UTC day), and no revocation ends it.
package struct WaiverJudge {
    package let repo: Repository
    let signatures: SignatureChecker?

    package init(repo: Repository, checkingSignaturesWith signatures: SignatureChecker?) {
        self.repo = repo
        self.signatures = signatures
    }

    /// What is wrong with `waiver` whatever the day, under `policy` from `gateFile`.
    /// Approvals are those given before the waiver: reachable from `approvalTips`, by default the waiver commit's parents.
    package func writtenProblems(
        _ waiver: WaiverEntry, policy: WaiverPolicy, gateFile: String, approvalTips: [OID]? = nil
    ) throws
        -> [WaiverProblem]
    {
        guard policy.allowed else { return [.forbidden(gateFile: gateFile)] }
        var problems: [WaiverProblem] = []
        let written = waiver.writtenOn
        if let expires = waiver.expires {
            if expires < written { problems.append(.backdated(expires: expires, written: written)) }
            let days = written.days(until: expires)
            if days > policy.maxDays {
                problems.append(.beyondMaxDays(days: days, max: policy.maxDays, gateFile: gateFile))
            }
        } else {
            problems.append(.badExpiry(waiver.expiresText))
        }
        if let rule = policy.approvals {
            let parents = try approvalTips ?? repo.commit(waiver.commit).parents
            let status = try approvalStatus(
                service: waiver.service, phase: waiver.phase, validator: waiver.validator,
                rule: rule, from: parents)
            if !status.satisfied {
                let who = status.approvedBy.isEmpty ? "" : " (\(status.approvedBy.joined(separator: ", ")))"
                problems.append(
                    .unapproved(
                        summary: "\(status.approvedBy.count) of \(rule.required) \(rule.role) approval(s)\(who) "
                            + "given before it; approvers run `podserve-gate approve \(waiver.service) --waiver \(waiver.validator)`"
                    ))
            }
        }
        return problems
    }

    /// Everything that keeps `waiver` from counting on `day` (empty: it counts).
    package func problems(
        _ waiver: WaiverEntry, policy: WaiverPolicy, gateFile: String, on day: CalendarDay,
        revocation: WaiverRevocation?
    ) throws -> [WaiverProblem] {
        var problems = try writtenProblems(waiver, policy: policy, gateFile: gateFile)
        if let revocation { problems.append(.revoked(commit: revocation.commit.hex)) }
        if day < waiver.writtenOn { problems.append(.notYetWritten(waiver.writtenOn)) }
        if let expires = waiver.expires, expires < day { problems.append(.expired(expires)) }
        return problems
    }

    /// The waiver approvals given for a validator since its previous waiver, reachable from `tips`.
    package func approvalStatus(
        service: Recorded<ServiceName>, phase: Recorded<Phase>, validator: String, rule: Approvals, from tips: [OID]
    )
        throws
        -> ApprovalStatus
    {
        let entries = try WaiverBook.approvals(
            repo: repo, service: service, phase: phase, validator: validator,
            role: rule.role, from: tips)
        return try ApprovalCheck(repo: repo, checkingSignaturesWith: signatures)
            .status(service: service, phase: phase, rule: rule, entries: entries)
    }
}
