import Domain
import Foundation
import Git
import Support

/// Runs a phase's validators in order, with timeouts and retries, and judges the checklist.
package struct GateRunner {
    package let workspace: Workspace
    package let runner: ProcessRunner
    package let containers: ContainerEngine
    package let progress: Progress
    package let registry: ValidatorRegistry
    package let history: EvidenceHistory?
    /// The day waivers and dated criteria are judged on (`--as-of`); nil: today (UTC).
    package var asOf: CalendarDay? = nil

    package init(
        workspace: Workspace, runner: ProcessRunner, containers: ContainerEngine, progress: Progress,
        registry: ValidatorRegistry, history: EvidenceHistory? = nil
    ) {
        self.workspace = workspace
        self.runner = runner
        self.containers = containers
        self.progress = progress
        self.registry = registry
        self.history = history
    }

    /// The same runner reading its files from `workspace` (a sealed snapshot of HEAD).
    package func reading(_ workspace: Workspace) -> GateRunner {
        var copy = GateRunner(
            workspace: workspace, runner: runner, containers: containers, progress: progress,
            registry: registry, history: history)
        copy.asOf = asOf
        return copy
    }

    /// Runs the gate of `phase` for `service` against this runner's workspace files; writes nothing.
    /// `judged` is the commit a sealed run exported (approvals are counted up to it), with its `inputs`.
    package func run(service: ServiceName, phase: Phase, judged: OID? = nil, inputs: EvidenceInputs? = nil) throws
        -> GateReport
    {
        // A sealed run reads the gate, plans, phases and the checklist it judges from the commit's objects, never
        // from the export: validators run programs in the export, and nothing they write there can change the
        // verdict (a script ticking the checklist in $WORKSPACE ticks nothing).
        let catalog = Catalog(
            source: judged.map { CommitSource(repo: workspace.repo, commit: $0) as FileSource }
                ?? WorkTreeSource(workspace))
        let gate = try catalog.gate(for: phase)
        let plan = try catalog.plan(of: service)
        // Planning only looks along depends_on; later gates need dependents too, so every plan.
        let plans = phase == .planning ? try catalog.dependencyClosure(of: service, plan: plan) : try catalog.allPlans()
        let phases = try catalog.allPhases()
        if ImageGuard.runtimePhases.contains(phase) {
            try ImageGuard(workspace: workspace, containers: containers).requireFresh(service: service, plan: plan)
        }
        let started = Date()
        let scratchpad = RunScratchpad(previous: try history?.previousEvidence(service: service, phase: phase))
        var records: [ValidatorRecord] = []
        var artifacts: [String: String] = [:]
        let outlook = GateOutlook(
            repo: workspace.repo, gate: gate, service: service, tip: try judged ?? workspace.repo.head().commit,
            day: asOf ?? .today(), signatures: { try self.signatureChecker() })
        progress.step("gate \(phase.rawValue) for \(service): \(gate.validators.count) validators")
        for spec in gate.validators {
            progress.validator(spec.id)
            let context = ValidatorContext(
                workspace: workspace, service: service, plan: plan, phase: phase, spec: spec, runner: runner,
                containers: containers, progress: progress, plans: plans, phases: phases, scratchpad: scratchpad)
            let (ran, produced) = try runOne(spec, context: context)
            let record = try outlook.apply(ran, spec: spec)
            scratchpad.record(record)
            records.append(record)
            artifacts.merge(produced) { _, new in new }
            progress.step(
                "  \(record.status.rawValue) \(record.id) (\(Self.seconds(record.durationMs))): \(record.message)")
        }
        if let rule = gate.approvals {
            progress.validator("approvals")
            let record = try approvalRecord(service: service, phase: phase, rule: rule, tip: judged)
            records.append(record)
            progress.step("  \(record.status.rawValue) \(record.id): \(record.message)")
        }
        let checklistPath = Workspace.checklistPath(service, phase)
        let original = try catalog.checklistText(of: service, phase: phase) ?? ""
        let checklist = ChecklistJudge(
            path: checklistPath, text: original, records: records, gate: gate, service: service)
        // Where host-side probes connected is part of the environment: a probe to the wrong host is a different test.
        let environment = (containers.environmentFacts() ?? ToolInfo.environment())
            .merging(containers.probeAddress.facts) { _, probe in probe }
        let evidence = Evidence(
            toolVersion: ToolInfo.version, service: service, phase: phase, startedAt: started,
            finishedAt: Date(), passed: checklist.problems.isEmpty && records.allSatisfy { $0.status != .fail },
            image: scratchpad.image, environment: environment, validators: records, artifacts: [:],
            inputs: inputs)
        var report = GateReport(
            service: service, phase: phase, evidence: evidence, checklistPath: checklistPath,
            checklistText: checklist.updatedText, pendingItems: checklist.pending,
            definitionProblems: checklist.problems, artifacts: artifacts)
        report.judged = judged.map { "HEAD \($0.abbreviated)" } ?? "work tree"
        report.checklistNotes = checklist.notes
        return report
    }

    /// Runs one validator with its retries; flaky results stay visible as attempts vs passes.
    private func runOne(_ spec: ValidatorSpec, context: ValidatorContext) throws -> (ValidatorRecord, [String: String])
    {
        let kind = RecordKind.validator(spec.kind)
        guard let validator = registry.validator(for: spec.kind) else {
            let record = ValidatorRecord(
                id: spec.id, kind: kind, status: .fail, attempts: 0, passes: 0, durationMs: 0,
                message: "no implementation for validator kind '\(kind)'", metrics: [:], output: "")
            return (record, [:])
        }
        let maxAttempts = max(1, spec.retries + 1)
        let start = Date()
        let childrenBefore = childTime()
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
        let durationMs = Date().timeIntervalSince(start) * 1000
        var metrics = last.metrics
        let childrenAfter = childTime()
        if childrenAfter.started > childrenBefore.started {
            // Time spent in child processes (podman…), so the tool's own share is duration minus this.
            metrics["child_seconds"] = .number(childrenAfter.seconds - childrenBefore.seconds)
            metrics["children"] = .number(Double(childrenAfter.started - childrenBefore.started))
            if let cpu = childrenAfter.cpuSeconds, let before = childrenBefore.cpuSeconds {
                metrics["child_cpu_seconds"] = .number(cpu - before)
            }
        }
        let record = ValidatorRecord(
            id: spec.id, kind: kind, status: last.status, attempts: attempts, passes: passes,
            durationMs: durationMs, message: message, metrics: metrics, output: String(last.output.suffix(4000)))
        return (record, last.artifacts)
    }

    /// The gate's `approvals:` rule as a record: enough distinct listed approvers since the last transition.
    /// Signatures are checked whenever the repository is set up for signing (commit.gpgsign or an
    /// allowed-signers file), so an unsigned or foreign-signed approval does not count there.
    func approvalRecord(service: ServiceName, phase: Phase, rule: Approvals, tip judged: OID? = nil) throws
        -> ValidatorRecord
    {
        let started = Date()
        let repo = workspace.repo
        let checker = try signatureChecker()
        let signing = checker != nil
        let status = try ApprovalCheck(repo: repo, checkingSignaturesWith: checker)
            .status(service: service, phase: phase, rule: rule, tip: try judged ?? repo.head().commit)
        var message =
            status.summary
            + (signing ? "; signatures checked" : "; signatures not checked (repository not set up for signing)")
        if !status.satisfied {
            message += "; ask an approver to run `podserve-gate approve \(service) --role \(rule.role)`"
        }
        let rejected = status.rejected.map { "\($0.commit.prefix(12)) \($0.approver): \($0.reason)" }
        return ValidatorRecord(
            id: "approvals", kind: .approvals, status: status.satisfied ? .pass : .fail, attempts: 1,
            passes: status.satisfied ? 1 : 0, durationMs: Date().timeIntervalSince(started) * 1000, message: message,
            metrics: [
                "approved": .number(Double(status.approvedBy.count)), "required": .number(Double(rule.required)),
                "approvers": .text(status.approvedBy.joined(separator: ", ")),
            ],
            output: rejected.joined(separator: "\n"))
    }

    /// A signature checker when the repository is set up for signing (commit.gpgsign or an allowed-signers file).
    func signatureChecker() throws -> SignatureChecker? {
        let repo = workspace.repo
        let signing =
            repo.configBool("commit.gpgsign") == true || repo.configString("gpg.ssh.allowedSignersFile") != nil
        return signing ? try SignatureChecker(repo: repo, runner: runner) : nil
    }

    static func seconds(_ ms: Double) -> String { String(format: "%.2f s", ms / 1000) }

    /// This gate's children so far: from the runner's own account when it keeps one (the CLI gives every gate
    /// worker its own, so parallel gates never count each other's podman calls), else process-wide without CPU.
    private func childTime() -> (seconds: Double, started: Int, cpuSeconds: Double?) {
        if let account = runner.childTimeAccount {
            let reading = account.reading
            return (reading.seconds, reading.started, reading.cpuSeconds)
        }
        let shared = ChildRegistry.shared.childTime
        return (shared.seconds, shared.started, nil)
    }
}
