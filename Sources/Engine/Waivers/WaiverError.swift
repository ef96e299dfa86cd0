import Domain
import Foundation

/// Why `waive`, `unwaive` or `approve --waiver` refused (bad input, exit 2); each case names the value and the fix.
package enum WaiverError: Error, LocalizedError, Equatable {
    /// The reason is empty, too long, holds control characters or would read as a trailer, `---` or scissors line.
    case invalidReason(String, why: String)
    /// `--expires` is not `YYYY-MM-DD`.
    case invalidExpiry(String)
    /// `--owner` is not an email address.
    case invalidOwner(String)
    /// No gate of the service has a validator with this id.
    case unknownValidator(service: ServiceName, id: String, known: [String])
    /// The validator id is in several gates and `--phase` was not given.
    case ambiguousValidator(id: String, phases: [Phase])
    /// The waiver would not count: forbidden, beyond max_days, backdated, unapproved, already expired.
    case refused(service: ServiceName, validator: String, problems: [String])
    /// `unwaive` found no waiver in force for this validator.
    case nothingToRevoke(service: ServiceName, validator: String)
    /// `approve --waiver` on a validator whose gate asks for no waiver approvals.
    case noApprovalsRequired(validator: String, gateFile: String)
    /// The approver is not listed in the waiver policy's approvers.
    case notAnApprover(email: String, approvers: [String], gateFile: String)

    package var errorDescription: String? {
        switch self {
        case .invalidReason(let reason, let why):
            return
                "invalid --reason '\(reason)': \(why); give one plain line of text, e.g. --reason \"upstream fix due in release 2.4\""
        case .invalidExpiry(let text):
            return "invalid --expires '\(text)': give a date YYYY-MM-DD (UTC), e.g. --expires 2027-01-31"
        case .invalidOwner(let text):
            return "invalid --owner '\(text)': give an email address such as ada@example.org"
        case .unknownValidator(let service, let id, let known):
            return "no gate of \(service) has a validator '\(id)' (validators: \(known.joined(separator: ", ")))"
        case .ambiguousValidator(let id, let phases):
            return
                "validator '\(id)' is in several gates (\(phases.map(\.rawValue).joined(separator: ", "))); say which with --phase"
        case .refused(let service, let validator, let problems):
            return "refusing to waive \(validator) of \(service): \(problems.joined(separator: "; "))"
        case .nothingToRevoke(let service, let validator):
            return "\(service) has no waiver of \(validator) in force; `podserve-gate status` lists the waivers"
        case .noApprovalsRequired(let validator, let gateFile):
            return "waivers of \(validator) need no approvals (\(gateFile) has no `waiver.approvals` for it)"
        case .notAnApprover(let email, let approvers, let gateFile):
            return "\(email) is not a waiver approver in \(gateFile) (approvers: \(approvers.joined(separator: ", ")))"
        }
    }
}
