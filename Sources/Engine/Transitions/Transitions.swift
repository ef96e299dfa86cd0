import Domain
import Foundation
import Git
import Support

/// Writes the state changes of SPEC §4 as transition commits: create, advance (after a passing gate), reopen.
public struct Transitions {
    public let workspace: Workspace
    public let signMode: SignMode
    public let runner: ProcessRunner

    public init(workspace: Workspace, signMode: SignMode, runner: ProcessRunner) {
        self.workspace = workspace
        self.signMode = signMode
        self.runner = runner
    }

    /// `new <svc>`: scaffolds the service folder in `planning` as one creation commit. A folder that
    /// already holds a service.yaml but no state.yaml (a plan written before the tool) is adopted: its
    /// plan is kept and only the state and checklists are written.
    public func create(service: String, dependsOn: [String], image: String?) throws -> OID {
        try ServiceName.validate(service)
        for dep in dependsOn { try ServiceName.validate(dep) }
        let catalog = Catalog(source: WorkTreeSource(workspace))
        let hasPlan = try workspace.fileExists(Workspace.planPath(service))
        if try workspace.fileExists(Workspace.statePath(service))
            || (workspace.fileExists(Workspace.serviceDir(service)) && !hasPlan) {
            throw EngineError.serviceExists(service)
        }
        if hasPlan && (!dependsOn.isEmpty || image != nil) {
            throw EngineError.planExists(service)
        }
        var files: [String: Data] = [Workspace.statePath(service): Data(StateFile.render(.planning).utf8)]
        if !hasPlan {
            let template = ServicePlan.template(name: service, image: image ?? "localhost/podserve-\(service):latest", dependsOn: dependsOn)
            files[Workspace.planPath(service)] = Data(template.utf8)
        }
        for phase in Phase.gated {
            let template = try catalog.gate(for: phase).checklist
            files[Workspace.checklistPath(service, phase)] = Data(ChecklistTemplate.forService(name: service, phase: phase, template: template).utf8)
        }
        let identity = try workspace.repo.identity()
        let message = TransitionMessage(
            service: service, from: nil, to: .planning,
            body: ["Create service \(service) in planning" + (dependsOn.isEmpty ? "." : ", depending on \(dependsOn.joined(separator: ", ")).")],
            signOff: identity)
        return try commit(files: files, message: try message.rendered(), identity: identity)
    }

    /// Records a passing gate: evidence, checklist ticks, artifacts and the new state, in one commit.
    public func advance(_ report: GateReport, to next: Phase) throws -> OID {
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
        var body = ["\(report.phase.title) gate passed for \(service): \(passed) passed, \(skipped) skipped."]
        body.append("")
        body += report.records.map { "- \($0.status.rawValue) \($0.id): \(TransitionMessage.singleLine($0.message))" }
        let message = TransitionMessage(service: service, from: report.phase, to: next, body: body,
                                        evidence: evidenceID, signOff: identity)
        return try commit(files: files, message: try message.rendered(), identity: identity)
    }

    /// `reopen`: moves a service back to an earlier phase, with the reason as a trailer.
    public func reopen(service: String, from current: Phase, to target: Phase, reason: String) throws -> OID {
        let transition = try PhaseMachine.reopen(from: current, to: target, reason: reason)
        let identity = try workspace.repo.identity()
        let message = TransitionMessage(
            service: service, from: current, to: transition.to,
            body: ["Reopen \(service): back to \(target.rawValue) from \(current.rawValue).", "", "Reason: \(transition.reason ?? "")"],
            reason: transition.reason, signOff: identity)
        let files = [Workspace.statePath(service): Data(StateFile.render(transition.to).utf8)]
        return try commit(files: files, message: try message.rendered(), identity: identity)
    }

    func commit(files: [String: Data], message: String, identity: Identity) throws -> OID {
        let signer = try CommitSigner.resolve(signMode, repo: workspace.repo, runner: runner)
        var request = TransitionRequest(files: files, message: message)
        if let signer {
            request.sign = { buffer in try signer.sign(buffer, committer: identity) }
        }
        return try ChildRegistry.shared.critical("transition commit") {
            try workspace.repo.writeTransition(request)
        }
    }
}
