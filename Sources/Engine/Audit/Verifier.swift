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
        let visit = { (scan: ScannedCommit, parents: [ScannedCommit], index: Int) throws in
            report.commitsWalked += 1
            let parentTrees = parents.map(\.directory)
            let untouched = parents.isEmpty ? scan.directory == nil : parentTrees.contains(scan.directory)
            if untouched && scan.message == nil { return }
            report.commitsInspected += 1
            let info = try self.repo.commit(scan.id)
            var inspection = CommitInspection(repo: self.repo, info: info, signatures: self.signatures)
            let changed = untouched
                ? [] : try self.repo.changedFiles(from: parentTrees.first ?? nil, to: scan.directory, prefix: Workspace.servicesDir)
            try inspection.run(changed: changed)
            if inspection.transition != nil { report.transitions += 1 }
            if inspection.approval != nil { report.approvals += 1 }
            if !inspection.findings.isEmpty { found.append((info.committer.time, index, inspection.findings)) }
        }
        if hiding.isEmpty {
            var traversal = CommitTraversal(repo: repo, directory: Workspace.servicesDir, marker: "Gate-")
            try traversal.run(from: tip, visit: visit)
        } else {
            var index = 0
            try repo.walk(from: [tip], topological: false, hiding: hiding) { oid in
                index += 1
                let scan = try repo.scanCommit(oid, directory: Workspace.servicesDir, marker: "Gate-")
                let parents = try scan.parents.map { try repo.scanCommit($0, directory: Workspace.servicesDir, marker: "Gate-") }
                try visit(scan, parents, index)
                return true
            }
        }
        // Oldest first: by commit time, and among equal times the later-visited (an ancestor) first.
        report.findings = found.sorted { ($0.time, -$0.visit) < ($1.time, -$1.visit) }.flatMap(\.findings)
        return report
    }
}
