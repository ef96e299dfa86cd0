import Domain
import Foundation
import Git

/// `review <base>[..<head>]`: what a branch changes, per service, with the verify findings of its commits.
package struct Review {
    package let repo: Repository
    let signatures: SignatureChecker?

    /// `signatures` set: transitions must be signed by an allowed signer (verify `--require-signatures`).
    package init(repo: Repository, requireSignaturesWith signatures: SignatureChecker? = nil) {
        self.repo = repo
        self.signatures = signatures
    }

    /// Splits `base..head` (or `base...head`; `head` defaults to HEAD) into its two revisions.
    package static func parseRange(_ text: String) throws -> (base: String, head: String) {
        let separator = text.contains("...") ? "..." : ".."
        let parts = text.components(separatedBy: separator)
        switch parts.count {
        case 1 where !text.isEmpty: return (text, "HEAD")
        case 2 where !parts[0].isEmpty: return (parts[0], parts[1].isEmpty ? "HEAD" : parts[1])
        default: throw AuditError.invalidRange(text)
        }
    }

    /// Builds the review of `range` (`<base>[..<head>]`).
    package func report(range: String) throws -> ReviewReport {
        let (baseRev, headRev) = try Self.parseRange(range)
        let base = try repo.resolveCommit(baseRev)
        let head = try repo.resolveCommit(headRev)
        let commits = try repo.commits(from: [head], hiding: [base], topological: true)
        let old = try oldPoint(commits: commits, base: base, head: head)
        let inRange = Set(commits)
        let oldestFirst = Array(commits.reversed())
        let events = try History(repo: repo).entries(from: head, hiding: [base], waivers: true)
        let transitions = events.filter { $0.waiver == nil }
        let waivers = events.filter { $0.waiver != nil }
        var names = Set(try repo.entryNames(at: Workspace.servicesDir, in: head))
        names.formUnion(try repo.entryNames(at: Workspace.servicesDir, in: old))
        var services: [ServiceReview] = []
        // Folder names of the two trees, as committed: a folder that is no valid service name is still reviewed.
        for name in names.sorted().map(Recorded<ServiceName>.init) {
            let changed = try repo.changedPaths(in: head, comparedTo: old, under: Workspace.serviceDir(name))
            let moves = transitions.filter { $0.service == name }
            let waived = waivers.filter { $0.service == name }
            guard !changed.isEmpty || !moves.isEmpty || !waived.isEmpty else { continue }
            var review = try serviceReview(
                name, changed: changed, moves: moves, old: old, head: head, commits: oldestFirst, inRange: inRange)
            review.waivers = waived
            services.append(review)
        }
        let audit = try Verifier(repo: repo, requireSignaturesWith: signatures).audit(tip: head, hiding: [base])
        var report = ReviewReport(
            base: base.hex, head: head.hex, oldPoint: old.hex, commits: commits.count,
            services: services, audit: audit)
        report.gateChanges = try GateChanges.between(old, head, repo: repo)
        return report
    }

    /// The fork point when the range has exactly one parent outside it (a plain branch), else the base itself.
    private func oldPoint(commits: [OID], base: OID, head: OID) throws -> OID {
        guard !commits.isEmpty else { return head }
        let inRange = Set(commits)
        var outside: Set<OID> = []
        for commit in commits {
            for parent in try repo.commit(commit).parents where !inRange.contains(parent) { outside.insert(parent) }
        }
        return outside.count == 1 ? outside.first! : base
    }

    private func serviceReview(
        _ name: Recorded<ServiceName>, changed: [String], moves: [HistoryEntry], old: OID, head: OID, commits: [OID],
        inRange: Set<OID>
    ) throws -> ServiceReview {
        var evidence: [EvidenceSummary] = []
        var baseline: [MetricDelta] = []
        var ticked: [TickedItem] = []
        for path in changed {
            switch ServicePath(path) {
            case .evidence(_, let file) where file.hasSuffix(".json"):
                guard let data = try repo.blob(at: path, in: head) else { continue }
                evidence.append(Self.summary(path: path, data: data))
                if file == Phase.performance.fileStem + ".json" {
                    baseline = Self.deltas(old: try repo.blob(at: path, in: old), new: data)
                }
            case .checklist:
                ticked += try newlyTicked(path: path, old: old, head: head, commits: commits)
            default:
                continue
            }
        }
        return ServiceReview(
            service: name, oldPhase: try phase(of: name, at: old), newPhase: try phase(of: name, at: head),
            transitions: moves, evidence: evidence, baseline: baseline, ticked: ticked)
    }

    private func phase(of service: Recorded<ServiceName>, at commit: OID) throws -> String? {
        guard let data = try repo.blob(at: Workspace.statePath(service), in: commit) else { return nil }
        return
            (try? StateFile.parse(String(decoding: data, as: UTF8.self), file: Workspace.statePath(service)).rawValue)
            ?? "unreadable"
    }

    // MARK: checklists

    /// Items ticked at `head` but not at `old`, each with the last commit of the range that ticked it.
    private func newlyTicked(path: String, old: OID, head: OID, commits: [OID]) throws -> [TickedItem] {
        let before = Self.tickedTexts(try repo.blob(at: path, in: old))
        guard let headData = try repo.blob(at: path, in: head) else { return [] }
        let items = Checklist(text: String(decoding: headData, as: UTF8.self)).items.filter {
            $0.checked && !before.contains($0.text)
        }
        guard !items.isEmpty else { return [] }
        var tickedBy: [String: CommitInfo] = [:]
        for commit in commits {
            let info = try repo.commit(commit)
            let blob = try repo.blobID(at: path, in: commit)
            guard blob != nil, try blob != info.parents.first.flatMap({ try repo.blobID(at: path, in: $0) }) else {
                continue
            }
            let previous = Self.tickedTexts(try info.parents.first.flatMap { try repo.blob(at: path, in: $0) })
            for text in Self.tickedTexts(try repo.blob(at: path, in: commit)) where !previous.contains(text) {
                tickedBy[text] = info
            }
        }
        return items.map { item in
            let info = tickedBy[item.text]
            return TickedItem(
                path: path, line: item.line, text: item.text, automated: !item.isManual, commit: info?.id.hex,
                by: info.map { "\($0.author.name) <\($0.author.email)>" }, time: info?.committer.time)
        }
    }

    private static func tickedTexts(_ data: Data?) -> Set<String> {
        guard let data else { return [] }
        return Set(Checklist(text: String(decoding: data, as: UTF8.self)).items.filter(\.checked).map(\.text))
    }

    // MARK: evidence

    static func summary(path: String, data: Data) -> EvidenceSummary {
        let evidence = RecordedEvidence.read(data)
        let lines = (evidence?.validators ?? []).map { record in
            EvidenceSummary.Line(
                id: record.name, status: record.status ?? .unrecognized("?"), message: record.message ?? "")
        }
        func count(_ status: ValidatorStatus) -> Int { lines.filter { $0.status == .known(status) }.count }
        return EvidenceSummary(
            path: path, phase: evidence?.phase?.text, passed: count(.pass), failed: count(.fail), skipped: count(.skip),
            validators: lines)
    }

    /// Every numeric metric of either side, per validator, with its relative change.
    static func deltas(old: Data?, new: Data) -> [MetricDelta] {
        let before = metrics(old)
        let after = metrics(new)
        let keys = Set(before.keys).union(after.keys).sorted { ($0.validator, $0.metric) < ($1.validator, $1.metric) }
        return keys.map { key in
            let o = before[key]
            let n = after[key]
            var change: Double?
            if let o, let n, o != 0 { change = (n - o) / o * 100 }
            return MetricDelta(validator: key.validator, metric: key.metric, old: o, new: n, changePercent: change)
        }
    }

    private static func metrics(_ data: Data?) -> [MetricKey: Double] {
        guard let data, let evidence = RecordedEvidence.read(data) else { return [:] }
        var result: [MetricKey: Double] = [:]
        for record in evidence.validators {
            for (name, number) in record.metrics { result[MetricKey(validator: record.name, metric: name)] = number }
        }
        return result
    }
}

/// A (validator, metric) pair usable as a dictionary key.
struct MetricKey: Hashable {
    let validator: String
    let metric: String
}
