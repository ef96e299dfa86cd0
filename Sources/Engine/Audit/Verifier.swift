import Domain
import Foundation
import Git

/// `verify`: walks history and proves that every state was reached through legal, evidenced transitions (SPEC §6).
///
/// Only commits whose `services/` tree differs from a parent's, or whose message mentions `Gate-`, are
/// inspected; the rest cost one commit and one tree read each (no diff, no message copy), which keeps audits
/// of long histories as fast as `git log -- services`.
public final class Verifier {
    public let repo: Repository
    /// Set when signatures are required: transition and approval commits must carry a good signature.
    let signatures: SignatureChecker?
    private var pending: [OID: ScannedCommit] = [:]

    public init(repo: Repository, requireSignaturesWith signatures: SignatureChecker? = nil) {
        self.repo = repo
        self.signatures = signatures
    }

    /// Audits the commits reachable from `tip` and not from `hiding` (the base of a range).
    ///
    /// Without `hiding` the history is traversed through the parents this audit reads anyway (each commit is
    /// read once); with it, libgit2's revwalk computes the range.
    public func audit(tip: OID, hiding: [OID] = []) throws -> AuditReport {
        try Repository.setStrictHashVerification(false)
        try Repository.setObjectCaching(false)
        defer {
            try? Repository.setStrictHashVerification(true)
            try? Repository.setObjectCaching(true)
        }
        var report = AuditReport(commitsWalked: 0, commitsInspected: 0, transitions: 0, approvals: 0, findings: [])
        var found: [(time: Date, visit: Int, findings: [AuditFinding])] = []
        let visit = { (oid: OID) throws -> [OID] in
            report.commitsWalked += 1
            let scan = try self.scanned(oid, keep: false)
            let parentTrees = try scan.parents.map { try self.scanned($0, keep: true).directory }
            let untouched = scan.parents.isEmpty ? scan.directory == nil : parentTrees.contains(scan.directory)
            if untouched && scan.message == nil { return scan.parents }
            report.commitsInspected += 1
            let info = try self.repo.commit(oid)
            var inspection = CommitInspection(repo: self.repo, info: info, signatures: self.signatures)
            let changed = untouched
                ? [] : try self.repo.changedFiles(from: parentTrees.first ?? nil, to: scan.directory, prefix: Workspace.servicesDir)
            try inspection.run(changed: changed)
            if inspection.transition != nil { report.transitions += 1 }
            if inspection.approval != nil { report.approvals += 1 }
            if !inspection.findings.isEmpty {
                found.append((info.committer.time, report.commitsWalked, inspection.findings))
            }
            return scan.parents
        }
        if hiding.isEmpty {
            var stack = [tip]
            var seen: Set<OID> = [tip]
            while let oid = stack.popLast() {
                for parent in try visit(oid).reversed() where seen.insert(parent).inserted { stack.append(parent) }
            }
        } else {
            try repo.walk(from: [tip], topological: false, hiding: hiding) { oid in
                _ = try visit(oid)
                return true
            }
        }
        // Oldest first: by commit time, and among equal times the later-visited (an ancestor) first.
        report.findings = found.sorted { ($0.time, -$0.visit) < ($1.time, -$1.visit) }.flatMap(\.findings)
        return report
    }

    /// One read per commit: a commit's parents are scanned (and kept) when the commit is visited, and handed
    /// over when the walk reaches them.
    private func scanned(_ commit: OID, keep: Bool) throws -> ScannedCommit {
        if let scan = keep ? pending[commit] : pending.removeValue(forKey: commit) { return scan }
        let scan = try repo.scanCommit(commit, directory: Workspace.servicesDir, marker: "Gate-")
        if keep { pending[commit] = scan }
        return scan
    }
}
