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
    public func audit(tip: OID, hiding: [OID] = []) throws -> AuditReport {
        try Repository.setStrictHashVerification(false)
        defer { try? Repository.setStrictHashVerification(true) }
        var report = AuditReport(commitsWalked: 0, commitsInspected: 0, transitions: 0, approvals: 0, findings: [])
        var findings: [[AuditFinding]] = []
        try repo.walk(from: [tip], topological: false, hiding: hiding) { oid in
            report.commitsWalked += 1
            let scan = try scanned(oid, keep: false)
            let parentTrees = try scan.parents.map { try scanned($0, keep: true).directory }
            let untouched = scan.parents.isEmpty ? scan.directory == nil : parentTrees.contains(scan.directory)
            if untouched && scan.message == nil { return true }
            report.commitsInspected += 1
            var inspection = CommitInspection(repo: repo, info: try repo.commit(oid), signatures: signatures)
            let changed = untouched
                ? [] : try repo.changedFiles(from: parentTrees.first ?? nil, to: scan.directory, prefix: Workspace.servicesDir)
            try inspection.run(changed: changed)
            if inspection.transition != nil { report.transitions += 1 }
            if inspection.approval != nil { report.approvals += 1 }
            if !inspection.findings.isEmpty { findings.append(inspection.findings) }
            return true
        }
        report.findings = findings.reversed().flatMap { $0 }
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
