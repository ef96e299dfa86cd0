import Domain
import Foundation

/// Why an audit command could not run (as opposed to what it found); each case names the value and the fix.
package enum AuditError: Error, LocalizedError, Equatable {
    /// `--allowed-signers` (or `gpg.ssh.allowedSignersFile`) names a file that cannot be read.
    case allowedSignersUnreadable(path: String)
    /// `review` was given something that is not `<base>` or `<base>..<head>`.
    case invalidRange(String)
    /// `approve` on a service whose current gate asks for no approvals.
    case noApprovalsRequired(service: ServiceName, phase: Phase, gateFile: String)
    /// `approve --role` names a role the gate does not ask for.
    case wrongRole(given: String, expected: String, gateFile: String)
    /// The approver is not listed in the gate's `approvals.approvers`.
    case notAnApprover(email: String, approvers: [String], gateFile: String)
    /// The approver already approved this phase since the last transition.
    case alreadyApproved(service: ServiceName, phase: Phase, email: String)
    /// `approve --waiver` by an approver who already approved the next waiver of that validator.
    case alreadyApprovedWaiver(service: ServiceName, phase: Phase, validator: String, email: String)
    /// `approve` on a service that is already ready.
    case nothingToApprove(service: ServiceName)

    package var errorDescription: String? {
        switch self {
        case .allowedSignersUnreadable(let path):
            return
                "cannot read the allowed-signers file \(path); pass --allowed-signers FILE or fix gpg.ssh.allowedSignersFile"
        case .invalidRange(let text):
            return "invalid range '\(text)': use <base> or <base>..<head>, e.g. origin/main..HEAD"
        case .noApprovalsRequired(let service, let phase, let gateFile):
            return "the \(phase) gate of \(service) asks for no approvals (\(gateFile) has no `approvals:`)"
        case .wrongRole(let given, let expected, let gateFile):
            return "role '\(given)' is not asked for: \(gateFile) wants approvals by '\(expected)'"
        case .notAnApprover(let email, let approvers, let gateFile):
            return "\(email) is not an approver in \(gateFile) (approvers: \(approvers.joined(separator: ", "))); "
                + "add them there or approve with an identity that is listed"
        case .alreadyApproved(let service, let phase, let email):
            return "\(email) already approved the \(phase) phase of \(service) since its last transition"
        case .alreadyApprovedWaiver(let service, let phase, let validator, let email):
            return "\(email) already approved the next waiver of \(validator) in the \(phase) phase of \(service)"
        case .nothingToApprove(let service):
            return "'\(service)' is ready: there is no gate left to approve"
        }
    }
}
