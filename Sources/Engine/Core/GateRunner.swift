import Domain
import Foundation
import Support

/// Runs a phase's validators in order, with timeouts and retries, and judges the checklist.
public struct GateRunner {
    public let workspace: Workspace
    public let runner: ProcessRunner
    public let containers: ContainerEngine
    public let progress: Progress
    public let registry: ValidatorRegistry
    public let history: EvidenceHistory?

    public init(workspace: Workspace, runner: ProcessRunner, containers: ContainerEngine, progress: Progress,
                registry: ValidatorRegistry, history: EvidenceHistory? = nil) {
        self.workspace = workspace
        self.runner = runner
        self.containers = containers
        self.progress = progress
        self.registry = registry
        self.history = history
    }

    /// Runs the gate of `phase` for `service` against the work tree; writes nothing.
    public func run(service: String, phase: Phase) throws -> GateReport {
        let catalog = Catalog(source: WorkTreeSource(workspace))
        let gate = try catalog.gate(for: phase)
        let plan = try catalog.plan(of: service)
        // Planning only looks along depends_on; later gates need dependents too, so every plan.
        let plans = phase == .planning ? catalog.dependencyClosure(of: service, plan: plan) : try catalog.allPlans()
        let phases = try catalog.allPhases()
        let started = Date()
        let scratchpad = RunScratchpad(previous: try history?.previousEvidence(service: service, phase: phase))
        var records: [ValidatorRecord] = []
        var artifacts: [String: String] = [:]
        progress.step("gate \(phase.rawValue) for \(service): \(gate.validators.count) validators")
        for spec in gate.validators {
            let context = ValidatorContext(
                workspace: workspace, service: service, plan: plan, phase: phase, spec: spec, runner: runner,
                containers: containers, progress: progress, plans: plans, phases: phases, scratchpad: scratchpad)
            let (record, produced) = try runOne(spec, context: context)
            scratchpad.record(record)
            records.append(record)
            artifacts.merge(produced) { _, new in new }
            progress.step("  \(record.status.rawValue) \(record.id) (\(Self.seconds(record.durationMs))): \(record.message)")
        }
        let checklistPath = Workspace.checklistPath(service, phase)
        let original = try catalog.checklistText(of: service, phase: phase) ?? ""
        let judged = ChecklistJudge(path: checklistPath, text: original, records: records)
        let evidence = Evidence(
            toolVersion: ToolInfo.version, service: service, phase: phase.rawValue, startedAt: started,
            finishedAt: Date(), passed: judged.problems.isEmpty && records.allSatisfy { $0.status != .fail },
            image: scratchpad.image, environment: ToolInfo.environment(), validators: records, artifacts: [:])
        return GateReport(
            service: service, phase: phase, evidence: evidence, checklistPath: checklistPath,
            checklistText: judged.updatedText, pendingItems: judged.pending,
            definitionProblems: judged.problems, artifacts: artifacts)
    }

    /// Runs one validator with its retries; flaky results stay visible as attempts vs passes.
    private func runOne(_ spec: ValidatorSpec, context: ValidatorContext) throws -> (ValidatorRecord, [String: String]) {
        let kind = spec.kind.rawValue
        guard let validator = registry.validator(for: spec.kind) else {
            let record = ValidatorRecord(
                id: spec.id, kind: kind, status: .fail, attempts: 0, passes: 0, durationMs: 0,
                message: "no implementation for validator kind '\(kind)'", metrics: [:], output: "")
            return (record, [:])
        }
        let maxAttempts = max(1, spec.retries + 1)
        let start = Date()
        var attempts = 0
        var passes = 0
        var last = ValidatorOutcome.fail("not run")
        while attempts < maxAttempts {
            attempts += 1
            if maxAttempts > 1 { progress.update("  \(spec.id): attempt \(attempts)/\(maxAttempts)") }
            do {
                last = try validator.run(context)
            } catch let error as ProcessError {
                if case .cancelled = error { throw error }
                last = .fail("could not run: \(error.localizedDescription)")
            }
            if ChildRegistry.shared.wasInterrupted { throw ProcessError.cancelled(command: "validator \(spec.id)") }
            if last.status != .fail { passes += 1; break }
        }
        var message = last.message
        if last.status == .pass && attempts > 1 {
            message += " — flaky: passed on attempt \(attempts) of \(maxAttempts)"
        }
        let record = ValidatorRecord(
            id: spec.id, kind: kind, status: last.status, attempts: attempts, passes: passes,
            durationMs: Date().timeIntervalSince(start) * 1000, message: message, metrics: last.metrics,
            output: String(last.output.suffix(4000)))
        return (record, last.artifacts)
    }

    static func seconds(_ ms: Double) -> String { String(format: "%.2f s", ms / 1000) }
}
