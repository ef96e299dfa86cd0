import Domain
import Foundation
import Git
import Support

/// Writes the state changes of SPEC §4 as transition commits: create, advance (after a passing gate), reopen.
package struct Transitions {
    package let workspace: Workspace
    package let signMode: SignMode
    package let runner: ProcessRunner

    package init(workspace: Workspace, signMode: SignMode, runner: ProcessRunner) {
        self.workspace = workspace
        self.signMode = signMode
        self.runner = runner
    }

    /// `new <svc>`: scaffolds the service folder in `planning` as one creation commit. A folder that
    /// already holds a service.yaml but no state.yaml (a plan written before the tool) is adopted: its
    /// plan is kept and only the state and checklists are written.
    package func create(service: ServiceName, dependsOn dependencies: [ServiceName], image: String?) throws -> OID {
        let dependsOn = dependencies
        let catalog = Catalog(source: WorkTreeSource(workspace))
        let hasPlan = try workspace.fileExists(Workspace.planPath(service))
        if try workspace.fileExists(Workspace.statePath(service))
            || (workspace.fileExists(Workspace.serviceDir(service)) && !hasPlan)
        {
            throw EngineError.serviceExists(service)
        }
        if let image, !ImageReference.isValid(image) {
            throw EngineError.invalidImageReference(image)
        }
        if hasPlan && (!dependsOn.isEmpty || image != nil) {
            throw EngineError.planExists(service)
        }
        var files: [String: Data] = [Workspace.statePath(service): Data(StateFile.render(.planning).utf8)]
        if !hasPlan {
            let template = ServicePlan.template(
                name: service, image: image ?? "localhost/podserve-\(service):latest", dependsOn: dependsOn)
            files[Workspace.planPath(service)] = Data(template.utf8)
        }
        for phase in Phase.gated {
            let template = try catalog.gate(for: phase).checklist
            // A template's manual item written ticked is not anyone's sign-off: every checklist starts without one.
            let text = ChecklistTemplate.forService(name: service.rawValue, phase: phase, template: template)
            files[Workspace.checklistPath(service, phase)] = Data(Checklist(text: text).withoutManualTicks().bytes)
        }
        let identity = try workspace.repo.identity()
        let message = TransitionMessage(
            service: service, from: nil, to: .planning,
            body: [
                "Create service \(service) in planning"
                    + (dependsOn.isEmpty ? "." : ", depending on \(dependsOn.joined(separator: ", ")).")
            ],
            signOff: identity)
        return try commit(files: files, message: try message.rendered(), identity: identity)
    }

    /// Records a passing gate: evidence, checklist ticks, artifacts and the new state, in one commit.
    ///
    /// `judged` is the commit the gate read; the transition may land on a newer tip only when none of the
    /// inputs recorded in the evidence changed there (otherwise `GitError.inputsMoved`, nothing committed).
    package func advance(_ report: GateReport, to next: Phase, judged: OID? = nil, plan: ServicePlan? = nil) throws
        -> TransitionLanding
    {
        let service = report.service
        let evidenceData = try report.evidence.encoded()
        let evidenceID = try Repository.hashBlob(evidenceData)
        var files: [String: Data] = [
            Workspace.statePath(service): Data(StateFile.render(next).utf8),
            Workspace.evidencePath(service, report.phase): evidenceData,
            report.checklistPath: Data(report.checklistText.utf8),
        ]
        for (name, text) in report.artifacts {
            files["\(Workspace.serviceDir(service))/evidence/\(name)"] = Data(text.utf8)
        }
        let identity = try workspace.repo.identity()
        let passed = report.records.filter { $0.status == .pass }.count
        let skipped = report.records.filter { $0.status == .skip }.count
        let excused = [ValidatorStatus.waived, .warn].map { s in (s, report.records.filter { $0.status == s }.count) }
            .filter { $0.1 > 0 }.map { ", \($0.1) \($0.0.rawValue)" }.joined()
        var body = ["\(report.phase.title) gate passed for \(service): \(passed) passed, \(skipped) skipped\(excused)."]
        body.append("")
        body += report.records.map { "- \($0.status.rawValue) \($0.id): \(TransitionMessage.singleLine($0.message))" }
        let message = TransitionMessage(
            service: service, from: report.phase, to: next, body: body,
            evidence: evidenceID, signOff: identity)
        var guarded: ((OID, OID) throws -> [String])?
        if let recorded = report.evidence.inputs {
            let repo = workspace.repo
            guarded = { _, parent in
                let now = try EvidenceInputs.compute(repo: repo, commit: parent, service: service, plan: plan)
                return now.differences(from: recorded)
            }
        }
        return try land(
            files: files, message: try message.rendered(), identity: identity, base: judged, inputsChanged: guarded)
    }

    /// `reopen`: moves a service back to an earlier phase, with the reason as a trailer, and withdraws the
    /// manual sign-offs of that phase and every later one (they were given for the work being reopened).
    package func reopen(service: ServiceName, from current: Phase, to target: Phase, reason: String) throws -> OID {
        let transition = try PhaseMachine.reopen(from: current, to: target, reason: reason)
        let identity = try workspace.repo.identity()
        var files = [Workspace.statePath(service): Data(StateFile.render(transition.to).utf8)]
        let withdrawn = try withdrawnSignOffs(service: service, reopeningTo: target)
        files.merge(withdrawn) { _, new in new }
        var body = [
            "Reopen \(service): back to \(target.rawValue) from \(current.rawValue).", "",
            "Reason: \(transition.reason ?? "")",
        ]
        if !withdrawn.isEmpty {
            body += ["", "Manual sign-offs withdrawn in: \(withdrawn.keys.sorted().joined(separator: ", "))."]
        }
        let message = TransitionMessage(
            service: service, from: current, to: transition.to, body: body,
            reason: transition.reason, signOff: identity)
        return try commit(files: files, message: try message.rendered(), identity: identity)
    }

    /// The checklists (as HEAD holds them) of the phases a reopen to `target` withdraws, with their manual
    /// items unticked; only those that had a manual tick.
    func withdrawnSignOffs(service: ServiceName, reopeningTo target: Phase) throws -> [String: Data] {
        guard let head = try workspace.repo.head().commit else { return [:] }
        var files: [String: Data] = [:]
        for phase in PhaseMachine.signOffsWithdrawn(byReopeningTo: target) {
            let path = Workspace.checklistPath(service, phase)
            guard let data = try workspace.repo.blob(at: path, in: head) else { continue }
            let checklist = Checklist(text: String(decoding: data, as: UTF8.self))
            let unticked = checklist.withoutManualTicks()
            if unticked != checklist { files[path] = Data(unticked.bytes) }
        }
        return files
    }

    /// The files `reopen` rewrites besides the state: what must equal HEAD before it runs.
    package static func reopenPaths(service: ServiceName, to target: Phase) -> [String] {
        [Workspace.statePath(service)]
            + PhaseMachine.signOffsWithdrawn(byReopeningTo: target).map { Workspace.checklistPath(service, $0) }
    }

    func commit(files: [String: Data], message: String, identity: Identity) throws -> OID {
        let landing = try land(files: files, message: message, identity: identity, base: nil, inputsChanged: nil)
        if let deferred = landing.deferredUpdate { Self.warnDeferred(landing.commit, deferred) }
        return landing.commit
    }

    func land(
        files: [String: Data], message: String, identity: Identity, base: OID?,
        inputsChanged: ((OID, OID) throws -> [String])?
    ) throws -> TransitionLanding {
        try CommitMessage.requireIntact(message)
        let signer = try CommitSigner.resolve(signMode, repo: workspace.repo, runner: runner)
        var request = TransitionRequest(files: files, message: message)
        request.base = base
        request.inputsChanged = inputsChanged
        if let signer {
            request.sign = { buffer in try signer.sign(buffer, committer: identity) }
        }
        return try ChildRegistry.shared.critical("transition commit") {
            try workspace.repo.landTransition(request)
        }
    }

    /// The transition landed but its index/work-tree update did not: say so, and that the next run finishes it.
    package static func warnDeferred(_ commit: OID, _ error: Error) {
        let why = (error as? LocalizedError)?.errorDescription ?? String(describing: error)
        StandardStreams.err(
            TerminalText.safe(
                "podserve-gate: warning: transition \(commit.abbreviated) landed, but updating "
                    + "the index and work tree failed (\(why)); the next podserve-gate command finishes it\n"))
    }
}
