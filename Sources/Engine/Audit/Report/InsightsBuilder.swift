import Domain
import Foundation
import Git
import Locking

/// Builds the `report` model of one commit from the code that already reads each part: `StatusBoard` (the
/// board), `History.records` (transitions, approvals, waivers: `TransitionLog`, `ApprovalLog`), `Verifier`
/// (findings), `Evidence.decode` and `BaselineFigure` (baselines), so the report never disagrees with them.
package struct InsightsBuilder {
    package let workspace: Workspace
    let signatures: SignatureChecker?

    /// With `signatures`, each transition's signature is checked (`good`/`bad`/`unknown-signer`) as
    /// `history --signatures` does; otherwise it is read as `signed`/`unsigned`.
    package init(workspace: Workspace, checkingSignaturesWith signatures: SignatureChecker? = nil) {
        self.workspace = workspace
        self.signatures = signatures
    }

    /// The report of `tip`: everything is read from that commit and its history, never from the work tree or
    /// the clock, so the same commit always gives the same report.
    package func build(tip: OID) throws -> InsightsReport {
        let repo = workspace.repo
        let now = try repo.commit(tip).committer.time
        // verify walks the whole history a second time: it runs beside the rest, on a handle of its own.
        let audit = try ConcurrentAudit(repo: repo, tip: tip)
        let records = try History(repo: repo, checkingSignaturesWith: signatures).records(from: tip)
        let board = try StatusBoard(workspace: workspace).rows(services: [], ref: tip.hex, latest: records.latest)
        var byService: [Recorded<ServiceName>: [HistoryEntry]] = [:]
        for entry in records.transitions { byService[entry.service, default: []].append(entry) }
        let names = Set(board.map { Recorded.known($0.service) }).union(byService.keys).sorted { $0.text < $1.text }
        var unreadable: [UnreadableEvidence] = []
        var services: [ServiceInsights] = []
        for name in names {
            let transitions = byService[name] ?? []
            let stays = PhaseDurations.stays(transitions, now: now)
            let baselines = evidence(of: transitions, leaving: .performance, unreadable: &unreadable)
            let combinations = evidence(of: transitions, leaving: .combination, unreadable: &unreadable)
                .flatMap { EvidencePoints.combinations($0.entry, evidence: $0.evidence) }
            services.append(
                ServiceInsights(
                    service: name, transitions: transitions, stays: stays, timeInPhase: PhaseDurations.totals(stays),
                    baselines: EvidencePoints.baselines(baselines), combinations: combinations))
        }
        return InsightsReport(
            commit: tip.hex, time: now, board: board, audit: try audit.result(), services: services,
            phaseMedians: PhaseDurations.medians(services.map(\.stays)), approvals: records.approvals,
            waivers: records.waivers, unreadable: unreadable)
    }

    /// The evidence blobs (`Gate-Evidence`) of the transitions out of `phase`, decoded; the ones that do not
    /// decode are listed in `unreadable` instead.
    private func evidence(
        of transitions: [HistoryEntry], leaving phase: Phase, unreadable: inout [UnreadableEvidence]
    ) -> [(entry: HistoryEntry, evidence: Evidence)] {
        transitions.filter { $0.from == .phase(phase) && $0.kind == .known(.advance) }.compactMap { entry in
            guard let id = entry.evidence else { return nil }
            do {
                return (
                    entry, try Evidence.decode(try workspace.repo.blobData(try OID(hex: id), path: "evidence \(id)"))
                )
            } catch {
                unreadable.append(
                    UnreadableEvidence(
                        service: entry.service, commit: entry.commit, evidence: id,
                        problem: String("\(error)".prefix(300))))
                return nil
            }
        }
    }
}

/// `Verifier.audit` on a thread of its own, through another repository handle (libgit2 handles are not shared
/// between threads); `result()` waits for it. Without a second handle it runs at once, on this thread.
private final class ConcurrentAudit: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let outcome = Locked<Result<AuditReport, Error>?>(nil)

    /// The same audit `verify` runs, through its cache: a tip verified before (by `verify` or an earlier report)
    /// is re-audited only for the commits since, with the same rules and options (see `VerifyCache`).
    static func audit(_ repo: Repository, _ tip: OID) throws -> AuditReport {
        try VerifyCache(repo: repo).audit(Verifier(repo: repo), tip: tip, options: "signatures=false", useCache: true).0
    }

    init(repo: Repository, tip: OID) throws {
        guard let other = try? repo.handleForAnotherThread() else {
            let result = Result { try Self.audit(repo, tip) }
            outcome.withLock { $0 = result }
            done.signal()
            return
        }
        detachThread(handing: other) { [self] other in
            let result = Result { try Self.audit(other, tip) }
            outcome.withLock { $0 = result }
            done.signal()
        }
    }

    /// The audit report, once the audit has finished (any number of calls: each passes the signal on).
    func result() throws -> AuditReport {
        done.wait()
        defer { done.signal() }
        guard let outcome = outcome.value else { throw CancellationError() }
        return try outcome.get()
    }
}
