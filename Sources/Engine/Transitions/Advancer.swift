import Domain
import Foundation
import Git

/// `check` and `advance`: run the current gate of a service and, for advance, commit the transition.
package struct Advancer {
    package let workspace: Workspace
    package let gates: GateRunner
    package let transitions: Transitions

    package init(workspace: Workspace, gates: GateRunner, transitions: Transitions) {
        self.workspace = workspace
        self.gates = gates
        self.transitions = transitions
    }

    /// The outcome of one `advance`: the gate's report and, when it passed, the transition commit.
    package struct Outcome {
        package let report: GateReport
        package let from: Phase
        package let to: Phase?
        package let commit: OID?
        /// Set when the transition landed but its index/work-tree update was left for the next command.
        package var deferredUpdate: Error? = nil
    }

    /// Runs a gate without writing anything tracked; `phase` defaults to the service's current one.
    /// It judges the work tree as it is (uncommitted edits included) for quick iteration, and says so.
    package func check(service: ServiceName, phase requested: Phase? = nil) throws -> GateReport {
        let catalog = Catalog(source: WorkTreeSource(workspace))
        _ = try catalog.requireService(service)
        let current = try catalog.phase(of: service)
        let phase = requested ?? current
        guard phase != .ready else { throw EngineError.alreadyReady(service: service) }
        return try gates.run(service: service, phase: phase)
    }

    /// Runs the current gate on HEAD's committed inputs and, when it passes, writes evidence, ticks and the
    /// new state in one commit.
    ///
    /// Sealed: under the service lock, preflight first (branch, identity, signing, locks), then every input
    /// (service folder, gates/, named tests and programs, base-images.yaml) must equal HEAD in the index and
    /// work tree; the gate then reads a private export of HEAD, and the commit records exactly that.
    package func advance(service: ServiceName) throws -> Outcome {
        return try withServiceLock(service) {
            let head = try Preflight(workspace: workspace, signMode: transitions.signMode, runner: transitions.runner)
                .run()
            let committed = Catalog(source: CommitSource(repo: workspace.repo, commit: head))
            _ = try committed.requireService(service)
            let plan = try? committed.plan(of: service)
            let differences = try workspace.repo.differences(
                from: head, under: EvidenceInputs.sealedPrefixes(service: service, plan: plan))
            guard differences.isEmpty else {
                throw EngineError.unsealedInputs(service: service, differences: differences)
            }
            let current = try committed.phase(of: service)
            let transition = try PhaseMachine.advance(from: current)
            let inputs = try EvidenceInputs.compute(repo: workspace.repo, commit: head, service: service, plan: plan)
            let snapshot = try GateSnapshot(repo: workspace.repo, commit: head, service: service)
            let report = try gates.reading(snapshot.workspace).run(
                service: service, phase: current, judged: head, inputs: inputs)
            guard report.passed else { return Outcome(report: report, from: current, to: nil, commit: nil) }
            let landing = try transitions.advance(report, to: transition.to, judged: head, plan: plan)
            return Outcome(
                report: report, from: current, to: transition.to, commit: landing.commit,
                deferredUpdate: landing.deferredUpdate)
        }
    }

    /// `reopen`: back to an earlier phase under the same service lock as `advance`, from a state and
    /// checklists that equal HEAD (a hand-edited state.yaml or checklist is refused here too).
    package func reopen(service: ServiceName, to target: Phase, reason: String) throws -> (
        from: Phase, commit: OID
    ) {
        let catalog = Catalog(source: WorkTreeSource(workspace))
        _ = try catalog.requireService(service)
        return try withServiceLock(service) {
            try Preflight(workspace: workspace, signMode: transitions.signMode, runner: transitions.runner).run()
            // The checklists whose sign-offs the reopen withdraws are rewritten too: no hand edit may be swept up.
            try requireClean(Transitions.reopenPaths(service: service, to: target))
            let current = try catalog.phase(of: service)
            return (current, try transitions.reopen(service: service, from: current, to: target, reason: reason))
        }
    }

    /// One run per service at a time: a second one is told the service is busy (exit 3), never queued.
    func withServiceLock<T>(_ service: ServiceName, _ body: () throws -> T) throws -> T {
        let lock = workspace.repo.lockFile(named: "service-\(service)")
        guard try lock.tryLock() else { throw EngineError.busy(service: service) }
        defer { lock.unlock() }
        return try body()
    }

    /// Each path equals HEAD in the index and on disk, compared by blob id.
    func requireClean(_ paths: [String]) throws {
        let repo = workspace.repo
        let head = try repo.head().commit
        for path in paths {
            let committed = try head.flatMap { try repo.blobID(at: path, in: $0) }
            let staged = try repo.indexBlobID(at: path)
            let onDisk = try workspace.read(path).map { try Repository.hashBlob($0) }
            if onDisk != committed {
                throw EngineError.dirtyFile(
                    path: path, change: onDisk == nil ? "deleted in the work tree" : "changed in the work tree")
            }
            if staged != committed {
                throw EngineError.dirtyFile(path: path, change: staged == nil ? "removed from the index" : "staged")
            }
        }
    }
}

/// The previous evidence of a phase is the one at HEAD (written by the last passing run).
package struct HeadEvidenceHistory: EvidenceHistory {
    package let repo: Repository
    package init(repo: Repository) { self.repo = repo }
    package func previousEvidence(service: ServiceName, phase: Phase) throws -> Evidence? {
        guard let head = try repo.head().commit,
            let data = try repo.blob(at: Workspace.evidencePath(service, phase), in: head)
        else { return nil }
        return try? Evidence.decode(data)
    }
}
