import Domain
import Foundation
import Git

/// The waiver rules of `verify` for one (non-merge) commit, called from `CommitInspection`.
///
/// - `waiver-outside-gate`: waiver trailers on a commit that also changes a `state.yaml` or `gates/`, or a `waivers/`
///   file changed by a commit without waiver trailers for that service.
/// - `waiver-invalid`: a waiver commit that was wrong the day it was written (its gate file at that commit forbids
///   waiving the validator, no date, backdated, beyond `max_days`, approvals missing) — flagged even if nothing relied
///   on it — and a transition whose evidence records `waived` under a waiver that did not count at the transition's
///   commit time (not a waiver of that validator, not in the transition's history, expired, revoked, or wrong as above
///   under the gate file the transition judged).
/// - A `warn` record from a criterion already effective at the transition's commit time is an `evidence-mismatch`.
struct WaiverInspection {
    let repo: Repository
    let info: CommitInfo
    let signatures: SignatureChecker?
    private(set) var findings: [AuditFinding] = []

    init(repo: Repository, info: CommitInfo, signatures: SignatureChecker?) {
        self.repo = repo
        self.info = info
        self.signatures = signatures
    }

    /// Runs every waiver rule given the paths under `services/` the commit changed and the transition it records.
    mutating func run(changed: [String], transition: TransitionEntry?) throws -> [AuditFinding] {
        let event = try WaiverLog.event(info)
        let hasTrailers = try WaiverLog.hasWaiverTrailers(info)
        if hasTrailers && event == nil {
            let service =
                info.trailer(.waiverService).map(Recorded.init) ?? changed.compactMap { ServicePath($0)?.service }.first
                ?? Recorded("-")
            let repeated = try WaiverLog.repeatedKeys(info)
            add(
                service, .waiverInvalid,
                repeated.isEmpty
                    ? "carries Gate-Waiver-* trailers that make no waiver, unwaive or waiver approval "
                        + "(a waiver needs Gate-Waiver-Service, -Phase, -Validator and -Expires)"
                    : "repeats trailer(s) \(repeated.joined(separator: ", ")): a waiver records each once, and readers "
                        + "disagree on which value counts (git shows the first); it counts as no waiver")
        }
        if hasTrailers {
            for path in changed {
                guard case .state(let service)? = ServicePath(path) else { continue }
                add(
                    service, .waiverOutsideGate,
                    "carries waiver trailers and also changes \(path): a waiver never moves a state")
            }
            if try changesGates() {
                let service = Recorded<ServiceName>(info.trailer(.waiverService) ?? "-")
                add(
                    service, .waiverOutsideGate,
                    "carries waiver trailers and also changes \(Workspace.gatesDir)/: a waiver "
                        + "never changes the gate files it is judged by (a waiver commit could raise its own max_days)")
            }
        }
        for path in changed {
            guard let service = Self.waiverFileService(path) else { continue }
            if !Self.names(event, service: service) {
                add(service, .waiverOutsideGate, "changed \(path) outside a waiver commit for \(service)")
            }
        }
        if case .waiver(let entry)? = event { try inspectWaiver(entry) }
        if let transition, let from = transition.from.phase, transition.to != transition.from,
            transition.to.phase?.number == from.number + 1
        {
            try inspectReliance(transition, leaving: from)
        }
        return findings
    }

    /// Whether the commit's `gates/` tree differs from its first parent's.
    private func changesGates() throws -> Bool {
        let own = try repo.treeID(at: Workspace.gatesDir, in: info.id)
        guard let parent = info.parents.first else { return own != nil }
        return try own != repo.treeID(at: Workspace.gatesDir, in: parent)
    }

    /// A waiver must be right the day it was written, under the gate file in its own commit (and signed when required).
    private mutating func inspectWaiver(_ entry: WaiverEntry) throws {
        let what = "waiver of \(entry.validator) (\(entry.phase)) until \(entry.expiresText)"
        if let signatures {
            let verdict = try signatures.verify(info.id)
            switch verdict.status {
            case .good, .signed: break
            case .unsigned: add(entry.service, .unsigned, "\(what) is not signed")
            case .bad: add(entry.service, .badSignature, "\(what) has a bad signature: \(verdict.detail)")
            case .unknownSigner: add(entry.service, .unknownSigner, "\(what): \(verdict.detail)")
            }
        }
        guard let phase = entry.phase.known, phase.isGated else {
            add(entry.service, .waiverInvalid, "\(what): '\(entry.phase.text)' is no gated phase")
            return
        }
        let (gate, gateFile) = try gateDefinition(phase, at: info.id)
        let problems = try WaiverJudge(repo: repo, checkingSignaturesWith: signatures)
            .writtenProblems(entry, policy: gate?.waiverPolicy(for: entry.validator) ?? .forbidden, gateFile: gateFile)
        if !problems.isEmpty {
            add(entry.service, .waiverInvalid, "\(what): \(problems.map(\.description).joined(separator: "; "))")
        }
    }

    /// Every `waived` record of the evidence an advance commits must name a waiver that counted at the commit's time.
    private mutating func inspectReliance(_ transition: TransitionEntry, leaving phase: Phase) throws {
        guard let data = try repo.blob(at: Workspace.evidencePath(transition.service, phase), in: info.id),
            data.range(of: Data("\"waived\"".utf8)) != nil || data.range(of: Data("\"warn\"".utf8)) != nil,
            let records = RecordedEvidence.read(data)?.validators
        else { return }
        let day = CalendarDay(info.committer.time)
        let parent = info.parents.first
        let (gate, gateFile) = try parent.map { try gateDefinition(phase, at: $0) } ?? (nil, Workspace.gatePath(phase))
        for record in records {
            let id = record.name
            switch record.status {
            case .known(.waived):
                let named = record.waiverCommit ?? ""
                if let why = try relianceProblem(
                    named, service: transition.service, phase: phase, validator: id,
                    gate: gate, gateFile: gateFile, day: day, parent: parent)
                {
                    add(
                        transition.service, .waiverInvalid,
                        "\(transition.from) -> \(transition.to) relied on waiver \(named.prefix(12)) of \(id): \(why)")
                }
            case .known(.warn):
                if let effective = gate?.validator(id: id)?.effective, effective <= day {
                    add(
                        transition.service, .evidenceMismatch,
                        "\(transition.from) -> \(transition.to): \(id) only warned, but \(gateFile) makes it block from \(effective)"
                    )
                } else if gate?.validator(id: id)?.effective == nil {
                    add(
                        transition.service, .evidenceMismatch,
                        "\(transition.from) -> \(transition.to): \(id) only warned, but \(gateFile) gives it no future `effective:` date"
                    )
                }
            case .known(.pass), .known(.fail), .known(.skip), .unrecognized, nil:
                continue  // EvidenceJudge judges these
            }
        }
    }

    /// Why the waiver `named` did not count for the transition; nil when it did.
    private func relianceProblem(
        _ named: String, service: Recorded<ServiceName>, phase: Phase, validator: String, gate: GateDefinition?,
        gateFile: String, day: CalendarDay, parent: OID?
    ) throws -> String? {
        guard let commit = try? OID(hex: named), let parent, (try? repo.commit(commit)) != nil else {
            return "no such commit in the repository"
        }
        let reachable = try commit == parent || repo.isDescendant(parent, of: commit)
        guard reachable else {
            return "the waiver is not in the history the transition judged"
        }
        guard case .waiver(let entry)? = try WaiverLog.event(try repo.commit(commit)),
            entry.service == service, entry.validator == validator, entry.phase == .known(phase)
        else {
            return "that commit is no waiver of \(validator) in \(phase.rawValue) for \(service)"
        }
        let book = try WaiverBook(repo: repo, tip: parent)
        let problems = try WaiverJudge(repo: repo, checkingSignaturesWith: signatures)
            .problems(
                entry, policy: gate?.waiverPolicy(for: validator) ?? .forbidden, gateFile: gateFile, on: day,
                revocation: book.revocation(of: entry))
        return problems.isEmpty
            ? nil : problems.map(\.description).joined(separator: "; ") + " (at the transition, \(day))"
    }

    private func gateDefinition(_ phase: Phase, at commit: OID) throws -> (GateDefinition?, String) {
        let path = Workspace.gatePath(phase)
        guard let data = try repo.blob(at: path, in: commit) else { return (nil, path) }
        return (try? GateDefinition.parse(String(decoding: data, as: UTF8.self), file: path), path)
    }

    /// `services/<svc>/waivers/…` → `<svc>`.
    static func waiverFileService(_ path: String) -> Recorded<ServiceName>? {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 4, parts[0] == Workspace.servicesDir, parts[2] == "waivers" else { return nil }
        return Recorded(parts[1])
    }

    static func names(_ event: WaiverEvent?, service: Recorded<ServiceName>) -> Bool {
        switch event {
        case .waiver(let entry)?: return entry.service == service
        case .revocation(let revocation)?: return revocation.service == service
        case .approval(let entry, _)?: return entry.service == service
        case nil: return false
        }
    }

    private mutating func add(_ service: Recorded<ServiceName>, _ rule: AuditRule, _ message: String) {
        findings.append(AuditFinding(commit: info.id, service: service, rule: rule, message: message))
    }
}
