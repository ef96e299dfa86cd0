import Domain
import Foundation
import Git

/// The audit of one commit whose `services/` tree changed or that carries gate trailers.
struct CommitInspection {
    let repo: Repository
    let info: CommitInfo
    let signatures: SignatureChecker?
    /// Gate-file templates already read during this audit.
    let templates: GateTemplateCache
    private(set) var transition: TransitionEntry?
    private(set) var approval: ApprovalEntry?
    private(set) var findings: [AuditFinding] = []
    /// Whether this advance's evidence names its inputs (sealed) or not (written before sealed gates); nil for
    /// other commits. `Verifier` refuses legacy evidence in a transition that descends from a sealed one.
    private(set) var sealedEvidence: Bool?
    /// The checklists under `services/` this commit changed relative to its first parent.
    private var changedChecklists: [String] = []

    init(
        repo: Repository, info: CommitInfo, signatures: SignatureChecker?,
        templates: GateTemplateCache = GateTemplateCache()
    ) {
        self.repo = repo
        self.info = info
        self.signatures = signatures
        self.templates = templates
    }

    /// Inspects the commit given the files under `services/` it changed relative to its first parent.
    mutating func run(changed paths: [String]) throws {
        transition = try TransitionLog.entry(info)
        approval = try ApprovalLog.entry(info)
        let changed = paths.compactMap { path in ServicePath(path).map { (path, $0) } }
        changedChecklists = changed.compactMap { if case .checklist = $0.1 { return $0.0 } else { return nil } }
        if info.parents.count > 1 {
            try inspectMerge(changed)
            return
        }
        try inspectStates(changed)
        inspectOtherFiles(changed)
        var waivers = WaiverInspection(repo: repo, info: info, signatures: signatures)
        findings += try waivers.run(changed: paths, transition: transition)
        try inspectApprover()
        try inspectSignature()
    }

    // MARK: merges

    /// A merge may take each file from one of its parents; a state, evidence or approval matching none is invented.
    private mutating func inspectMerge(_ changed: [(String, ServicePath)]) throws {
        for (path, kind) in changed {
            let rule: AuditRule
            let what: String
            switch kind {
            case .state:
                rule = .stateOutsideGate
                what = "a state (\(try stateName(at: info.id, service: kind.service) ?? "deleted"))"
            case .evidence: rule = .evidenceOutsideGate; what = "evidence"
            case .approval: rule = .approvalOutsideGate; what = "an approval"
            case .checklist, .other: continue
            }
            let blob = try repo.blobID(at: path, in: info.id)
            var matches = false
            for parent in info.parents.dropFirst() where try repo.blobID(at: path, in: parent) == blob {
                matches = true
                break
            }
            if !matches {
                add(kind.service, rule, "merge invents \(what): \(path) matches neither parent")
            }
        }
    }

    // MARK: state changes

    private mutating func inspectStates(_ changed: [(String, ServicePath)]) throws {
        var stateChanged: Set<Recorded<ServiceName>> = []
        for case (_, .state(let service)) in changed {
            stateChanged.insert(service)
            guard let transition, transition.service == service else {
                let why =
                    transition.map { "its trailers name service '\($0.service)'" }
                    ?? (info.message.contains(TrailerKey.service.marker)
                        ? "its gate trailers are incomplete" : "no gate trailers")
                let old = try stateName(at: info.parents.first, service: service) ?? "none"
                let new = try stateName(at: info.id, service: service) ?? "deleted"
                add(
                    service, .stateOutsideGate,
                    "changed \(Workspace.statePath(service)) (\(old) -> \(new)) outside a gate: \(why)")
                continue
            }
            if !transition.repeatedKeys.isEmpty {
                add(
                    service, .stateOutsideGate,
                    "repeats trailer(s) \(transition.repeatedKeys.joined(separator: ", ")): a transition records each once, "
                        + "and readers disagree on which value counts")
                continue
            }
            try inspectTransition(transition)
        }
        if let transition, !stateChanged.contains(transition.service) {
            add(
                transition.service, .stateOutsideGate,
                "carries trailers \(transition.from) -> \(transition.to) for \(transition.service) but does not change \(Workspace.statePath(transition.service))"
            )
        }
    }

    /// Trailers must match the change, the move must be legal, and an advance must be evidenced and ticked off.
    private mutating func inspectTransition(_ entry: TransitionEntry) throws {
        let service = entry.service
        let old = try stateName(at: info.parents.first, service: service) ?? "none"
        guard let new = try stateName(at: info.id, service: service) else {
            add(
                service, .stateOutsideGate,
                "deletes \(Workspace.statePath(service)) in a transition \(entry.from) -> \(entry.to)")
            return
        }
        guard entry.from.text == old, entry.to.text == new else {
            add(
                service, .stateOutsideGate,
                "trailers record \(entry.from) -> \(entry.to) but \(Workspace.statePath(service)) went \(old) -> \(new)"
            )
            return
        }
        guard let to = Phase(rawValue: new), old == "none" || Phase(rawValue: old) != nil else {
            add(service, .stateOutsideGate, "\(Workspace.statePath(service)) holds no valid state (\(old) -> \(new))")
            return
        }
        // Every command refuses such a name before it writes anything, so no gate can have made this move.
        guard let name = service.known else {
            add(
                service, .stateOutsideGate,
                "records \(entry.from) -> \(entry.to), but \(service.refusal ?? "its service is no valid name"): "
                    + "no gate can have run for it")
            return
        }
        let from = Phase(rawValue: old)
        try inspectManualTicks(
            service: service,
            changedChecklists: changedChecklists.filter {
                ServicePath($0)?.service == service
            })
        switch PhaseMachine.classify(from: from, to: to, reason: entry.reason) {
        case .illegal(let why):
            add(service, .skippedPhase, why)
        case .legal(.advance):
            if let from {
                try inspectEvidence(entry, name: name, leaving: from)
                if from == .planning, let parent = info.parents.first {
                    let failures = try PlanningReplay(repo: repo).failures(service: name, parent: parent)
                    if !failures.isEmpty {
                        add(
                            service, .evidenceMismatch,
                            "planning -> \(entry.to): the evidence says the gate passed, but "
                                + "re-judged on the parent \(failures.joined(separator: "; "))")
                    }
                }
                try inspectChecklist(service: service, leaving: from)
                try inspectTemplate(service: service, leaving: from)
                try inspectDroppedItems(service: service, leaving: from)
            }
        case .legal(.reopen):
            try inspectReopen(service: service, to: to)
        case .legal(.create):
            break
        }
    }

    private mutating func inspectEvidence(_ entry: TransitionEntry, name: ServiceName, leaving phase: Phase) throws {
        let path = Workspace.evidencePath(entry.service, phase)
        guard let claimed = entry.evidence?.lowercased(), !claimed.isEmpty else {
            add(
                entry.service, .evidenceMismatch,
                "advances \(entry.from) -> \(entry.to) without a Gate-Evidence trailer")
            return
        }
        guard let actual = try repo.blobID(at: path, in: info.id) else {
            add(
                entry.service, .evidenceMismatch,
                "\(TrailerKey.evidence.rawValue) \(claimed.prefix(12)) but the commit has no \(path)")
            return
        }
        guard actual.hex == claimed else {
            add(
                entry.service, .evidenceMismatch,
                "\(TrailerKey.evidence.rawValue) \(claimed.prefix(12)) is not \(path) in this commit (blob \(actual.abbreviated))"
            )
            return
        }
        let data = try repo.blobData(actual, path: "\(path) in commit \(info.id.hex.prefix(12))")
        let problems = EvidenceJudge.problems(data, service: entry.service, phase: phase)
        if !problems.isEmpty {
            add(
                entry.service, .evidenceMismatch,
                "\(path) cannot back \(entry.from) -> \(entry.to): \(problems.joined(separator: "; "))")
        }
        if let evidence = try? Evidence.decode(data) { sealedEvidence = evidence.inputs != nil }
        if let mismatch = try InputsCheck(repo: repo).problem(
            evidence: data, service: name, parent: info.parents.first)
        {
            add(entry.service, .inputsMismatch, "\(entry.from) -> \(entry.to): \(mismatch)")
        }
    }

    private mutating func inspectChecklist(service: Recorded<ServiceName>, leaving phase: Phase) throws {
        let path = Workspace.checklistPath(service, phase)
        guard let data = try repo.blob(at: path, in: info.id) else { return }
        guard data.count <= Catalog.checklistLimit else {
            add(
                service, .checklistIncomplete,
                "leaves \(phase.rawValue) with \(path) of \(data.count) bytes, past the checklist "
                    + "size limit (\(Catalog.checklistLimit) bytes): no gate can have judged it")
            return
        }
        let open = Checklist(text: String(decoding: data, as: UTF8.self)).manualItems.filter { !$0.checked }
        guard !open.isEmpty else { return }
        let listed = open.prefix(3).map { "line \($0.line) \"\($0.text)\"" }.joined(separator: ", ")
        add(
            service, .checklistIncomplete,
            "leaves \(phase.rawValue) with \(open.count) unticked manual item(s) in \(path): \(listed)\(open.count > 3 ? ", …" : "")"
        )
    }

    // MARK: evidence and approval files

    private mutating func inspectOtherFiles(_ changed: [(String, ServicePath)]) {
        for (path, kind) in changed {
            switch kind {
            case .evidence(let service, _) where transition?.service != service:
                add(service, .evidenceOutsideGate, "changed \(path) outside a gate commit for \(service)")
            case .approval(let service, let phase, _)
            where approval?.service != service || approval?.phase.text != phase:
                add(service, .approvalOutsideGate, "changed \(path) outside an approval commit for \(service) \(phase)")
            default:
                continue
            }
        }
    }

    /// An approval counts only from an approver the phase's gate file lists, for the role it asks for,
    /// as that gate file stood in the approval commit itself.
    private mutating func inspectApprover() throws {
        let repeated = try ApprovalLog.repeatedKeys(info)
        if !repeated.isEmpty {
            add(
                Recorded(info.trailer(.service) ?? "-"), .approvalOutsideGate,
                "repeats trailer(s) \(repeated.joined(separator: ", ")): an approval records each once, and readers "
                    + "disagree on which value counts (git shows the first); it counts as no approval")
        }
        guard let approval, let phase = approval.phase.known, phase.isGated else { return }
        let gatePath = Workspace.gatePath(phase)
        guard let data = try repo.blob(at: gatePath, in: info.id),
            let rule = try? GateDefinition.parse(String(decoding: data, as: UTF8.self), file: gatePath).approvals
        else {
            add(
                approval.service, .unlistedApprover,
                "approval of \(approval.phase) by \(approval.email), but \(gatePath) asks for no approvals")
            return
        }
        if approval.role != rule.role {
            add(
                approval.service, .unlistedApprover,
                "approval as \(approval.role), but \(gatePath) asks for \(rule.role)")
        } else if case let listed = rule.approvers.map(ApprovalCheck.normalized),
            listed.allSatisfy({ $0.contains("@") }), !listed.contains(approval.email.lowercased())
        {
            // Approvers listed by key are matched through the signature (under --require-signatures) instead.
            add(
                approval.service, .unlistedApprover,
                "\(approval.email) approved \(approval.phase) as \(approval.role) but is not among \(gatePath)'s approvers (\(rule.approvers.joined(separator: ", ")))"
            )
        }
    }

    // MARK: signatures

    private mutating func inspectSignature() throws {
        guard let signatures else { return }
        let service: Recorded<ServiceName>
        let what: String
        if let transition {
            service = transition.service
            what = "transition \(transition.from) -> \(transition.to)"
        } else if let approval {
            service = approval.service
            what = "approval of \(approval.phase) as \(approval.role)"
        } else {
            return
        }
        let verdict = try signatures.verify(info.id)
        switch verdict.status {
        case .good, .signed: return
        case .unsigned: add(service, .unsigned, "\(what) is not signed")
        case .bad: add(service, .badSignature, "\(what) has a bad signature: \(verdict.detail)")
        case .unknownSigner: add(service, .unknownSigner, "\(what): \(verdict.detail)")
        }
    }

    // MARK: helpers

    /// The state name in `services/<svc>/state.yaml` at `commit`; nil when absent, `unreadable` when it does not parse.
    private func stateName(at commit: OID?, service: Recorded<ServiceName>) throws -> String? {
        guard let commit, let data = try repo.blob(at: Workspace.statePath(service), in: commit) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        return (try? StateFile.parse(text, file: Workspace.statePath(service)).rawValue) ?? "unreadable"
    }

    mutating func add(_ service: Recorded<ServiceName>, _ rule: AuditRule, _ message: String) {
        findings.append(AuditFinding(commit: info.id, service: service, rule: rule, message: message))
    }
}
