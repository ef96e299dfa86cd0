import Domain
import Foundation
import Git
import Support

/// `waive`, `unwaive` and `approve --waiver`: writes waiver commits through the transition writer.
///
/// A waiver commit never changes `state.yaml`; it writes `services/<svc>/waivers/<validator>.yaml` (a visible copy of
/// what the trailers say, so the waiver shows in the tree and in `git log -- services/<svc>`), and carries the trailers
/// `Gate-Waiver-Service`, `-Phase`, `-Validator`, `-Expires`, `-Owner`, `-Reason` and `Signed-off-by`. It is signed
/// when signing is on, like a transition. Gate files, service and phase are read from HEAD, as `verify` reads them.
package struct WaiverDesk {
    package let workspace: Workspace
    package let signMode: SignMode
    package let runner: ProcessRunner

    package init(workspace: Workspace, signMode: SignMode, runner: ProcessRunner) {
        self.workspace = workspace
        self.signMode = signMode
        self.runner = runner
    }

    /// What `waive`, `unwaive` or `approve --waiver` wrote.
    package struct Outcome {
        package let commit: OID
        package let phase: Phase
        package let validator: String
        /// One line for the terminal.
        package let summary: String
    }

    /// Writes a waiver of `validator`; refuses (bad input) one that would not count on `today`.
    package func waive(
        service: ServiceName, validator: String, reason rawReason: String, expires rawExpires: String,
        owner rawOwner: String?, phase requested: Phase?, today: CalendarDay = .today()
    ) throws -> Outcome {
        let reason = try WaiverReason.sanitized(rawReason)
        guard let expires = CalendarDay(parsing: rawExpires) else { throw WaiverError.invalidExpiry(rawExpires) }
        let repo = workspace.repo
        let identity = try repo.identity()
        let owner = try rawOwner.map(Self.checkedOwner) ?? identity.email
        let (head, gate) = try locate(service: service, validator: validator, phase: requested)
        let gateFile = Workspace.gatePath(gate.phase)
        let draft = WaiverEntry(
            commit: head, service: .known(service), phase: .known(gate.phase), validator: validator,
            expiresText: expires.description, expires: expires, owner: owner, reason: reason,
            signer: identity.signOff, time: today == .today() ? Date() : today.start)
        let judge = WaiverJudge(repo: repo, checkingSignaturesWith: try signatureChecker())
        var problems = try judge.writtenProblems(
            draft, policy: gate.waiverPolicy(for: validator), gateFile: gateFile,
            approvalTips: [head]
        ).map(\.description)
        if expires < today { problems.append("it expires \(expires), before today (\(today))") }
        guard problems.isEmpty else {
            throw WaiverError.refused(service: service, validator: validator, problems: problems)
        }
        let file = "\(Workspace.serviceDir(service))/waivers/\(validator).yaml"
        let content = """
            # written by podserve-gate waive; the commit that adds it is the waiver (git history is the source)
            service: \(service)
            phase: \(gate.phase.rawValue)
            validator: \(validator)
            expires: \(expires)
            owner: \(YAMLText.quoted(owner))
            reason: \(YAMLText.quoted(reason))

            """
        let message = """
            gate(\(service)): waive \(validator) until \(expires)

            \(identity.signOff) waives \(validator) of the \(gate.phase.title) gate of \(service) until \(expires) \
            (inclusive, UTC), owned by \(owner).

            \(TrailerKey.waiverService.line(service.rawValue))
            \(TrailerKey.waiverPhase.line(gate.phase.rawValue))
            \(TrailerKey.waiverValidator.line(validator))
            \(TrailerKey.waiverExpires.line(expires.description))
            \(TrailerKey.waiverOwner.line(owner))
            \(TrailerKey.waiverReason.line(reason))
            \(TrailerKey.signedOffBy.line(identity.signOff))

            """
        let commit = try write(
            service: service, files: [file: Data(content.utf8)], message: message, identity: identity)
        return Outcome(
            commit: commit, phase: gate.phase, validator: validator,
            summary:
                "\(service): waived \(validator) (\(gate.phase.rawValue)) until \(expires), owner \(owner) (\(commit.abbreviated))"
        )
    }

    /// Ends every waiver of `validator` that has not expired or been revoked yet, in one commit.
    package func unwaive(
        service: ServiceName, validator: String, phase requested: Phase?, today: CalendarDay = .today()
    ) throws -> Outcome {
        let repo = workspace.repo
        let identity = try repo.identity()
        let (head, gate) = try locate(service: service, validator: validator, phase: requested)
        let book = try WaiverBook(repo: repo, tip: head)
        let live = book.waivers(service: service, phase: gate.phase, validator: validator)
            .filter { book.revocation(of: $0) == nil && ($0.expires.map { $0 >= today } ?? false) }
        guard !live.isEmpty else { throw WaiverError.nothingToRevoke(service: service, validator: validator) }
        let file = "\(Workspace.serviceDir(service))/waivers/\(validator).yaml"
        let content = """
            # written by podserve-gate unwaive; the commit that writes it ends the waiver(s) below early
            service: \(service)
            phase: \(gate.phase.rawValue)
            validator: \(validator)
            revoked: [\(live.map(\.commit.hex).joined(separator: ", "))]

            """
        let message = """
            gate(\(service)): unwaive \(validator)

            \(identity.signOff) ends the waiver(s) of \(validator) of \(service) early.

            \(live.map { TrailerKey.waiverRevoked.line($0.commit.hex) }.joined(separator: "\n"))
            \(TrailerKey.waiverService.line(service.rawValue))
            \(TrailerKey.waiverPhase.line(gate.phase.rawValue))
            \(TrailerKey.waiverValidator.line(validator))
            \(TrailerKey.signedOffBy.line(identity.signOff))

            """
        let commit = try write(
            service: service, files: [file: Data(content.utf8)], message: message, identity: identity)
        return Outcome(
            commit: commit, phase: gate.phase, validator: validator,
            summary: "\(service): revoked \(live.count) waiver(s) of \(validator) (\(commit.abbreviated))")
    }

    /// `approve <svc> --waiver <validator>`: one listed approver's consent to the next waiver of `validator`.
    package func approve(
        service: ServiceName, validator: String, role requested: String? = nil, phase: Phase? = nil
    ) throws -> Outcome {
        let repo = workspace.repo
        let identity = try repo.identity()
        let (head, gate) = try locate(service: service, validator: validator, phase: phase)
        let gateFile = Workspace.gatePath(gate.phase)
        guard let rule = gate.waiverPolicy(for: validator).approvals else {
            throw WaiverError.noApprovalsRequired(validator: validator, gateFile: gateFile)
        }
        if let requested, requested != rule.role {
            throw AuditError.wrongRole(given: requested, expected: rule.role, gateFile: gateFile)
        }
        let listed = rule.approvers.map(ApprovalCheck.normalized)
        if listed.allSatisfy({ $0.contains("@") }) && !listed.contains(identity.email.lowercased()) {
            throw WaiverError.notAnApprover(email: identity.email, approvers: rule.approvers, gateFile: gateFile)
        }
        let given = try WaiverBook.approvals(
            repo: repo, service: .known(service), phase: .known(gate.phase), validator: validator,
            role: rule.role, from: [head])
        if given.contains(where: { $0.email.lowercased() == identity.email.lowercased() }) {
            throw AuditError.alreadyApprovedWaiver(
                service: service, phase: gate.phase, validator: validator, email: identity.email)
        }
        let file =
            "\(Workspace.serviceDir(service))/waivers/\(validator).approvals/\(Approver.fileName(identity.email)).yaml"
        let content = """
            # written by podserve-gate approve --waiver; the commit that adds it is the approval
            service: \(service)
            phase: \(gate.phase.rawValue)
            validator: \(validator)
            role: \(YAMLText.scalar(rule.role))
            approver: \(YAMLText.quoted(identity.signOff))
            at: \(head.hex)

            """
        let message = """
            gate(\(service)): approve a waiver of \(validator) as \(rule.role)

            \(identity.signOff) approves waiving \(validator) of the \(gate.phase.title) gate of \(service) as \(rule.role).

            \(TrailerKey.waiverService.line(service.rawValue))
            \(TrailerKey.waiverPhase.line(gate.phase.rawValue))
            \(TrailerKey.waiverValidator.line(validator))
            \(TrailerKey.waiverApproval.line(rule.role))
            \(TrailerKey.signedOffBy.line(identity.signOff))

            """
        let commit = try write(
            service: service, files: [file: Data(content.utf8)], message: message, identity: identity)
        let status = try WaiverJudge(repo: repo, checkingSignaturesWith: nil)
            .approvalStatus(
                service: .known(service), phase: .known(gate.phase), validator: validator, rule: rule, from: [commit])
        return Outcome(
            commit: commit, phase: gate.phase, validator: validator,
            summary: "\(service): approved a waiver of \(validator) as \(rule.role) (\(commit.abbreviated)); "
                + "\(status.approvedBy.count) of \(rule.required) approval(s)")
    }

    // MARK: helpers

    /// HEAD and the gate (read at HEAD) holding `validator`: the requested phase's, else the current phase's,
    /// else the one gate that has it.
    func locate(service: ServiceName, validator: String, phase requested: Phase?) throws -> (OID, GateDefinition) {
        guard let head = try workspace.repo.head().commit else {
            throw EngineError.unknownService(service, known: [])
        }
        let catalog = Catalog(source: CommitSource(repo: workspace.repo, commit: head))
        try catalog.requireService(service)
        if let requested {
            let gate = try catalog.gate(for: requested)
            guard gate.validator(id: validator) != nil else {
                throw WaiverError.unknownValidator(service: service, id: validator, known: gate.validators.map(\.id))
            }
            return (head, gate)
        }
        let current = try catalog.phase(of: service)
        if current.isGated, case let gate = try catalog.gate(for: current), gate.validator(id: validator) != nil {
            return (head, gate)
        }
        let gates = try Phase.gated.map { try catalog.gate(for: $0) }.filter { $0.validator(id: validator) != nil }
        guard let gate = gates.first else {
            let known = current.isGated ? try catalog.gate(for: current).validators.map(\.id) : []
            throw WaiverError.unknownValidator(service: service, id: validator, known: known)
        }
        guard gates.count == 1 else {
            throw WaiverError.ambiguousValidator(id: validator, phases: gates.map(\.phase))
        }
        return (head, gate)
    }

    /// Writes one waiver commit under the service's lock (the one `advance` takes).
    func write(service: ServiceName, files: [String: Data], message: String, identity: Identity) throws -> OID {
        let lock = workspace.repo.lockFile(named: "service-\(service)")
        guard try lock.tryLock() else { throw EngineError.busy(service: service) }
        defer { lock.unlock() }
        return try Transitions(workspace: workspace, signMode: signMode, runner: runner)
            .commit(files: files, message: message, identity: identity)
    }

    func signatureChecker() throws -> SignatureChecker? {
        let repo = workspace.repo
        let signing =
            repo.configBool("commit.gpgsign") == true || repo.configString("gpg.ssh.allowedSignersFile") != nil
        return signing ? try SignatureChecker(repo: repo, runner: runner) : nil
    }

    static func checkedOwner(_ text: String) throws -> String {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !text.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.properties.generalCategory == .control
                    || "<>,;\"".unicodeScalars.contains($0)
            })
        else { throw WaiverError.invalidOwner(text) }
        return text
    }
}
