import Domain
import Foundation
import Git
import Locking

/// `verify`: walks history and proves that every state was reached through legal, evidenced transitions (SPEC §6).
///
/// Only commits whose `services/` tree differs from every parent's, or whose message mentions `Gate-`, are
/// inspected; the rest cost one raw commit and one raw root-tree read each (`Repository.scanHistory`: no libgit2
/// parse, no diff, no message copy), which keeps audits of long histories as fast as `git log -- services`.
package final class Verifier {
    package let repo: Repository
    /// Set when signatures are required: transition and approval commits must carry a good signature.
    let signatures: SignatureChecker?
    /// Checklist templates of the gate-file versions met so far, shared by every inspection of this verifier.
    let templates = GateTemplateCache()

    package init(repo: Repository, requireSignaturesWith signatures: SignatureChecker? = nil) {
        self.repo = repo
        self.signatures = signatures
    }

    /// Audits the commits reachable from `tip` and not from `hiding` (the base of a range).
    ///
    /// Without `hiding` the history is scanned by `Repository.scanHistory` (each commit and root tree read once,
    /// raw); with it, libgit2's revwalk computes the range. The commits that need a look are then inspected
    /// with libgit2's object cache on, on two threads (each with its own repository handle) unless signatures
    /// are checked.
    package func audit(tip: OID, hiding: [OID] = []) throws -> AuditReport {
        try repo.requireFullHistory()
        try Repository.setStrictHashVerification(false)
        try Repository.setObjectCaching(false)
        defer {
            try? Repository.setStrictHashVerification(true)
            try? Repository.setObjectCaching(true)
            try? Repository.setTreeCacheLimit(Repository.defaultTreeCacheLimit)
        }
        var walked = 0
        var candidates: [ScannedHistoryCommit] = []
        if hiding.isEmpty {
            (walked, candidates) = try repo.scanHistory(
                from: tip, directory: Workspace.servicesDir, marker: TrailerKey.gatePrefix)
        } else {
            try repo.walk(from: [tip], topological: false, hiding: hiding) { oid in
                walked += 1
                let scan = try repo.scanCommit(oid, directory: Workspace.servicesDir, marker: TrailerKey.gatePrefix)
                let parents = try scan.parents.map {
                    try repo.scanCommit($0, directory: Workspace.servicesDir, marker: TrailerKey.gatePrefix)
                }
                candidates.append(
                    ScannedHistoryCommit(commit: scan, parentDirectories: parents.map(\.directory), index: walked))
                return true
            }
        }
        candidates.removeAll { Self.untouched($0) && $0.commit.message == nil }
        // An inspection reads the same commits and trees several times (each path from the root, the parent's
        // state): cache them, the `services/` tree included.
        try Repository.setObjectCaching(true)
        try Repository.setTreeCacheLimit(1 << 20)
        var outcomes = try inspectAll(candidates)
        try refuseDowngrades(&outcomes, rangeOnly: !hiding.isEmpty)
        var report = AuditReport(
            commitsWalked: walked, commitsInspected: candidates.count, transitions: 0, approvals: 0, findings: [])
        report.transitions = outcomes.filter(\.transition).count
        report.approvals = outcomes.filter(\.approval).count
        // Oldest first: by commit time, and among equal times the later-visited (an ancestor) first.
        report.findings = zip(outcomes, candidates).filter { !$0.0.findings.isEmpty }
            .sorted { ($0.0.time, -$0.1.index) < ($1.0.time, -$1.1.index) }.flatMap(\.0.findings)
        return report
    }

    /// The commit's `services/` tree equals a parent's (a root commit: it has none).
    private static func untouched(_ scanned: ScannedHistoryCommit) -> Bool {
        let parentTrees = scanned.parentDirectories
        return parentTrees.isEmpty ? scanned.commit.directory == nil : parentTrees.contains(scanned.commit.directory)
    }

    private struct Outcome {
        let time: Date
        let transition: Bool
        let approval: Bool
        var findings: [AuditFinding]
        var id: OID? = nil
        var service: Recorded<ServiceName>? = nil
        var sealedEvidence: Bool? = nil
    }

    /// Evidence without inputs (the pre-0.2.0 format) is legacy only where the history it sits on has never seen
    /// sealed evidence: a transition that descends from a sealed one and names no inputs is a downgrade, so an
    /// old `tool_version` cannot switch `inputs-mismatch` off. When only a range is audited (the verify cache's
    /// incremental run, `review base..head`), the sealed transition may lie before the range: the history below
    /// such a commit is then scanned for one, so a range audit flags what a full one flags.
    private func refuseDowngrades(_ outcomes: inout [Outcome], rangeOnly: Bool) throws {
        var sealed = outcomes.compactMap { $0.sealedEvidence == true ? $0.id : nil }
        var scanned: Set<OID> = []
        for index in outcomes.indices where outcomes[index].sealedEvidence == false {
            guard let id = outcomes[index].id else { continue }
            var earlier = try sealed.first(where: { try repo.isAncestor($0, of: id) })
            if earlier == nil, rangeOnly, !scanned.contains(id) {
                scanned.insert(id)
                sealed += try sealedTransitions(below: id)
                earlier = try sealed.first(where: { try repo.isAncestor($0, of: id) })
            }
            if let earlier {
                outcomes[index].findings.append(
                    AuditFinding(
                        commit: id, service: outcomes[index].service ?? Recorded("?"), rule: .inputsMismatch,
                        message: "its evidence names no inputs (the format before sealed gates), but it descends from "
                            + "\(earlier.abbreviated), whose evidence does: a downgrade, not legacy evidence"))
            }
        }
    }

    /// The transitions among `commit`'s ancestors whose evidence (the blob their Gate-Evidence names) names its
    /// inputs: one raw scan of the history below `commit`, reading only messages that carry the trailer.
    private func sealedTransitions(below commit: OID) throws -> [OID] {
        var found: [OID] = []
        for parent in try repo.scanCommit(commit, directory: nil, marker: TrailerKey.gatePrefix).parents {
            for scanned in try repo.scanHistory(from: parent, directory: nil, marker: TrailerKey.gatePrefix).commits {
                guard let entry = try TransitionLog.entry(repo.commit(scanned.commit.id)),
                    let claimed = entry.evidence, let blob = try? OID(hex: claimed.lowercased()),
                    let data = try? repo.blobData(blob, path: "evidence \(claimed)"),
                    let evidence = try? Evidence.decode(data),
                    evidence.inputs != nil
                else { continue }
                found.append(scanned.commit.id)
            }
        }
        return found
    }

    private func inspect(_ scanned: ScannedHistoryCommit, in repo: Repository) throws -> Outcome {
        try Self.inspect(scanned, in: repo, signatures: signatures, templates: templates)
    }

    /// One inspection; static so the second thread shares nothing with this verifier but the template cache.
    private static func inspect(
        _ scanned: ScannedHistoryCommit, in repo: Repository, signatures: SignatureChecker?,
        templates: GateTemplateCache
    ) throws -> Outcome {
        let scan = scanned.commit
        let info = try repo.commit(scan.id)
        var inspection = CommitInspection(repo: repo, info: info, signatures: signatures, templates: templates)
        let changed =
            Self.untouched(scanned)
            ? []
            : try repo.changedFiles(
                from: scanned.parentDirectories.first ?? nil, to: scan.directory, prefix: Workspace.servicesDir)
        try inspection.run(changed: changed)
        return Outcome(
            time: info.committer.time, transition: inspection.transition != nil, approval: inspection.approval != nil,
            findings: inspection.findings, id: info.id, service: inspection.transition?.service,
            sealedEvidence: inspection.sealedEvidence)
    }

    /// Inspects `commits`, on this thread and a second one taking batches in turn; signature checks (which run
    /// programs and keep a cache) and short lists stay on this thread.
    private func inspectAll(_ commits: [ScannedHistoryCommit]) throws -> [Outcome] {
        guard signatures == nil, commits.count >= 64, let second = try? repo.handleForAnotherThread() else {
            return try commits.map { try inspect($0, in: repo) }
        }
        let shared = SharedInspections<Outcome>(count: commits.count)
        let done = DispatchSemaphore(value: 0)
        let templates = templates
        detachThread(handing: second) { second in
            shared.work { try Self.inspect(commits[$0], in: second, signatures: nil, templates: templates) }
            done.signal()
        }
        shared.work { try inspect(commits[$0], in: repo) }
        done.wait()
        do {
            return try shared.results()
        } catch {
            // The second handle reads through an object database of its own; should that miss an object the
            // repository's own finds (an unusual alternates set-up), the sequential pass decides.
            return try commits.map { try inspect($0, in: repo) }
        }
    }
}

/// The outcomes of inspections two threads share out in batches.
private final class SharedInspections<Outcome: Sendable>: Sendable {
    private struct State {
        var next = 0
        var outcomes: [Outcome?]
        var failure: (index: Int, error: any Error)?
    }

    private let count: Int
    private let state: Locked<State>

    init(count: Int) {
        self.count = count
        state = Locked(State(outcomes: Array(repeating: nil, count: count)))
    }

    /// Takes batches until none is left or an inspection failed.
    func work(_ inspect: (Int) throws -> Outcome) {
        while true {
            let start = state.withLock { state -> Int in
                let start = state.failure == nil ? state.next : count
                state.next = min(start + 16, count)
                return start
            }
            if start >= count { return }
            for index in start..<min(start + 16, count) {
                do {
                    let outcome = try inspect(index)
                    state.withLock { $0.outcomes[index] = outcome }
                } catch {
                    state.withLock { state in
                        if state.failure == nil || index < state.failure!.index { state.failure = (index, error) }
                    }
                    return
                }
            }
        }
    }

    /// All outcomes in order, or the error of the earliest commit that failed.
    func results() throws -> [Outcome] {
        let (failure, outcomes) = state.withLock { ($0.failure?.error, $0.outcomes) }
        if let failure { throw failure }
        return outcomes.map { $0! }
    }
}
