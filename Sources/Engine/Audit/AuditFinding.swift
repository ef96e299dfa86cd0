import Domain
import Foundation
import Git

/// The rules `verify` checks (SPEC §6); the raw value is the rule id printed in findings.
package enum AuditRule: String, Codable, CaseIterable, Sendable {
    /// `state.yaml` changed without gate trailers, or with trailers that do not match the change.
    case stateOutsideGate = "state-outside-gate"
    /// A transition that is neither the next phase nor a reasoned reopen to an earlier one.
    case skippedPhase = "skipped-phase"
    /// `Gate-Evidence` is not the evidence in the commit, or that evidence does not pass or names another service/phase.
    case evidenceMismatch = "evidence-mismatch"
    /// A manual item of the phase being left was unticked in the transition commit.
    case checklistIncomplete = "checklist-incomplete"
    /// A checklist lacks, rewords or re-tags an item of its gate's template (the gate file in the transition's parent).
    case checklistAltered = "checklist-altered"
    /// A transition commit ticked a manual item itself; manual ticks come from earlier commits.
    case manualTickInTransition = "manual-tick-in-transition"
    /// A reopen commit kept a manual tick in the checklist of the phase reopened to or of a later phase.
    case reopenKeptSignOff = "reopen-kept-signoff"
    /// An evidence file changed in a commit without gate trailers for that service.
    case evidenceOutsideGate = "evidence-outside-gate"
    /// An approval file changed outside an approval commit, or an approval commit that is malformed.
    case approvalOutsideGate = "approval-outside-gate"
    /// An approval by someone the gate file (at that commit) does not list, or for a role it does not ask for.
    case unlistedApprover = "unlisted-approver"
    /// The inputs the evidence names (service folder, gates, build context, named paths) are not those of the
    /// transition's parent, or evidence from a sealed-gates tool version names none.
    case inputsMismatch = "inputs-mismatch"
    /// A waiver that was wrong when written (forbidden, backdated, beyond `max_days`, unapproved), or a transition that
    /// relied on a waiver that did not count at its commit time (also: expired, revoked, not in its history).
    case waiverInvalid = "waiver-invalid"
    /// Waiver trailers on a commit that also changes a state, or a `waivers/` file changed outside a waiver commit.
    case waiverOutsideGate = "waiver-outside-gate"
    /// With `--require-signatures`: a transition or approval commit without a signature.
    case unsigned
    /// With `--require-signatures`: a signature that does not verify.
    case badSignature = "bad-signature"
    /// With `--require-signatures`: a signature by a key that is not an allowed signer.
    case unknownSigner = "unknown-signer"
}

/// One violation: which commit, which service, which rule, and a sentence saying what is wrong.
package struct AuditFinding: Codable, Equatable, Sendable {
    package let commit: String
    /// The service as the commit names it (a trailer or a folder), kept as written even when no valid name.
    package let service: Recorded<ServiceName>
    package let rule: AuditRule
    package let message: String

    package init(commit: OID, service: Recorded<ServiceName>, rule: AuditRule, message: String) {
        self.commit = commit.hex
        self.service = service
        self.rule = rule
        self.message = message
    }
}

/// What one `verify` run looked at and found.
package struct AuditReport: Codable, Sendable {
    /// Commits reachable from the audited tip (and not from the hidden base).
    package var commitsWalked: Int
    /// Commits whose `services/` tree differs from a parent's or that carry gate trailers, i.e. really inspected.
    package var commitsInspected: Int
    package var transitions: Int
    package var approvals: Int
    /// Findings oldest commit first.
    package var findings: [AuditFinding]

    package var clean: Bool { findings.isEmpty }

    enum CodingKeys: String, CodingKey {
        case commitsWalked = "commits_walked"
        case commitsInspected = "commits_inspected"
        case transitions, approvals, findings, clean
    }

    package init(commitsWalked: Int, commitsInspected: Int, transitions: Int, approvals: Int, findings: [AuditFinding])
    {
        self.commitsWalked = commitsWalked
        self.commitsInspected = commitsInspected
        self.transitions = transitions
        self.approvals = approvals
        self.findings = findings
    }

    package init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        commitsWalked = try c.decode(Int.self, forKey: .commitsWalked)
        commitsInspected = try c.decode(Int.self, forKey: .commitsInspected)
        transitions = try c.decode(Int.self, forKey: .transitions)
        approvals = try c.decode(Int.self, forKey: .approvals)
        findings = try c.decode([AuditFinding].self, forKey: .findings)
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(commitsWalked, forKey: .commitsWalked)
        try c.encode(commitsInspected, forKey: .commitsInspected)
        try c.encode(transitions, forKey: .transitions)
        try c.encode(approvals, forKey: .approvals)
        try c.encode(findings, forKey: .findings)
        try c.encode(clean, forKey: .clean)
    }
}
