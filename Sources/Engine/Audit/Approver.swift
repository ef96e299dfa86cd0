import Domain
import Foundation
import Git
import Support

/// `approve <svc>`: records the current identity's sign-off of a service's current gate as a signed commit.
///
/// The commit writes `services/<svc>/approvals/<phase>/<email>.yaml` and carries the trailers `Gate-Service`,
/// `Gate-Phase`, `Gate-Approval: <role>` and `Signed-off-by`; it is signed as git config (or `--sign`) says.
package struct Approver {
    package let workspace: Workspace
    package let signMode: SignMode
    package let runner: ProcessRunner

    package init(workspace: Workspace, signMode: SignMode, runner: ProcessRunner) {
        self.workspace = workspace
        self.signMode = signMode
        self.runner = runner
    }

    /// What `approve` wrote.
    package struct Outcome {
        package let commit: OID
        package let phase: Phase
        package let role: String
        package let status: ApprovalStatus
    }

    package func approve(service: ServiceName, role requested: String?) throws -> Outcome {
        let catalog = Catalog(source: WorkTreeSource(workspace))
        try catalog.requireService(service)
        let phase = try catalog.phase(of: service)
        guard phase.isGated else { throw AuditError.nothingToApprove(service: service) }
        let gateFile = Workspace.gatePath(phase)
        guard let rule = try catalog.gate(for: phase).approvals else {
            throw AuditError.noApprovalsRequired(service: service, phase: phase, gateFile: gateFile)
        }
        if let requested, requested != rule.role {
            throw AuditError.wrongRole(given: requested, expected: rule.role, gateFile: gateFile)
        }
        let repo = workspace.repo
        let identity = try repo.identity()
        let listed = rule.approvers.map(ApprovalCheck.normalized)
        let onlyEmails = listed.allSatisfy { $0.contains("@") }
        if onlyEmails && !listed.contains(identity.email.lowercased()) {
            throw AuditError.notAnApprover(email: identity.email, approvers: rule.approvers, gateFile: gateFile)
        }
        let head = try repo.head().commit
        let check = ApprovalCheck(repo: repo, checkingSignaturesWith: nil)
        if let head,
            try check.approvals(service: service, phase: phase, role: rule.role, tip: head)
                .contains(where: { $0.email.lowercased() == identity.email.lowercased() })
        {
            throw AuditError.alreadyApproved(service: service, phase: phase, email: identity.email)
        }
        let since = try head.flatMap {
            try TransitionLog.latest(repo: repo, from: $0, services: [service])[service]?.commit
        }
        let file = "\(Workspace.serviceDir(service))/approvals/\(phase.rawValue)/\(Self.fileName(identity.email)).yaml"
        let content = Self.fileContent(
            service: service, phase: phase, role: rule.role, approver: identity.signOff,
            since: since?.hex ?? "none")
        // Rendered before anything is written: a role or identity that would not read back is refused.
        let message = try CommitMessage(
            subject: "gate(\(service)): approve \(phase.rawValue) as \(rule.role)",
            body: ["\(identity.signOff) approves the \(phase.title) gate of \(service) as \(rule.role)."],
            trailers: [
                Trailer(.service, service.rawValue), Trailer(.phase, phase.rawValue),
                Trailer(.approval, rule.role), Trailer(.signedOffBy, identity.signOff),
            ]
        ).rendered()
        let transitions = Transitions(workspace: workspace, signMode: signMode, runner: runner)
        let commit = try transitions.commit(files: [file: Data(content.utf8)], message: message, identity: identity)
        let status = try check.status(service: service, phase: phase, rule: rule, tip: commit)
        return Outcome(commit: commit, phase: phase, role: rule.role, status: status)
    }

    /// The approval file. Role and approver come from a gate file and git config, where anyone could write
    /// `ops: #1` or `- *x`: every value goes through `YAMLText.scalar`, the one quoting rule for YAML the tool
    /// writes by hand, so the file always reads back as the values written.
    static func fileContent(service: ServiceName, phase: Phase, role: String, approver: String, since: String) -> String
    {
        """
        # written by podserve-gate approve; the signed commit that adds it is the approval
        service: \(YAMLText.scalar(service.rawValue))
        phase: \(phase.rawValue)
        role: \(YAMLText.scalar(role))
        approver: \(YAMLText.scalar(approver))
        since: \(since)

        """
    }

    /// An email as a file name: only `[A-Za-z0-9._@+-]`, anything else becomes `_`.
    static func fileName(_ email: String) -> String {
        String(email.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._@+-".contains($0)) ? $0 : "_" })
    }
}
