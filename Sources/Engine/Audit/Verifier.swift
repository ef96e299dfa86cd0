import Domain
import Foundation
import Git

/// `verify`: walks history and proves that every state was reached through legal, evidenced transitions (SPEC §6).
///
/// Only commits whose `services/` tree differs from a parent's, or that carry gate trailers, are inspected;
/// the rest cost one commit and one tree read each, which keeps audits of long histories as fast as `git log`.
public final class Verifier {
    public let repo: Repository
    /// Set when signatures are required: transition and approval commits must carry a good signature.
    let signatures: SignatureChecker?
    private var servicesTrees: [OID: OID?] = [:]

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
            let info = try repo.commit(oid)
            let tree = try servicesTree(oid)
            let parentTrees = try info.parents.map { try servicesTree($0) }
            let untouched = info.parents.isEmpty ? tree == nil : parentTrees.contains(tree)
            if untouched && !info.message.contains("Gate-") { return true }
            report.commitsInspected += 1
            var inspection = CommitInspection(repo: repo, info: info, signatures: signatures)
            try inspection.run(servicesChanged: !untouched)
            if inspection.transition != nil { report.transitions += 1 }
            if inspection.approval != nil { report.approvals += 1 }
            if !inspection.findings.isEmpty { findings.append(inspection.findings) }
            return true
        }
        report.findings = findings.reversed().flatMap { $0 }
        return report
    }

    /// The id of `services/` in `commit`, cached (each commit is asked for by its children and itself).
    private func servicesTree(_ commit: OID) throws -> OID? {
        if let cached = servicesTrees[commit] { return cached }
        let id = try repo.treeID(at: Workspace.servicesDir, in: commit)
        servicesTrees[commit] = id
        return id
    }
}
