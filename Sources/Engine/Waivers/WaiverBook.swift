import Domain
import Foundation
import Git

/// Every waiver, revocation and waiver approval reachable from one commit: waivers are read from git
/// history only, never from the work tree (the `waivers/` files are a visible copy, not the source).
package struct WaiverBook {
    let repo: Repository
    /// Waivers oldest first (by commit time).
    package private(set) var waivers: [WaiverEntry] = []
    package private(set) var revocations: [WaiverRevocation] = []

    /// Reads the waiver commits reachable from `tip` (none when nil: an unborn branch).
    package init(repo: Repository, tip: OID?) throws {
        self.repo = repo
        guard let tip else { return }
        for scanned in try repo.scanHistory(from: tip, directory: nil, marker: WaiverLog.marker).commits {
            switch try WaiverLog.event(try repo.commit(scanned.commit.id)) {
            case .waiver(let entry)?: waivers.append(entry)
            case .revocation(let revocation)?: revocations.append(revocation)
            case .approval?, nil: continue
            }
        }
        waivers.sort { $0.time < $1.time }
        revocations.sort { $0.time < $1.time }
    }

    /// The waivers of one validator of one service's gate, newest first.
    package func waivers(service: ServiceName, phase: Phase, validator: String) -> [WaiverEntry] {
        waivers.filter { $0.service == .known(service) && $0.phase == .known(phase) && $0.validator == validator }
            .reversed()
    }

    /// The waivers of `service` (all services when nil), oldest first.
    package func waivers(service: ServiceName?) -> [WaiverEntry] {
        waivers.filter { service == nil || $0.service.known == service }
    }

    /// The revocation that ended `waiver` early, if any: one that names it (by the full or an abbreviated commit
    /// id), or else an unwaive of the same service, phase and validator that the waiver was not written on top of.
    /// `unwaive` ends every live waiver it sees; a waiver it could not see (written on another branch, perhaps from
    /// the same approvals, and merged after it) would otherwise come back with the merge, so it is ended too. Only
    /// a waiver written on top of the unwaive (descending from it) counts: waive again after such a merge.
    package func revocation(of waiver: WaiverEntry) -> WaiverRevocation? {
        if let named = revocations.first(where: {
            $0.revoked.contains { $0.count >= 7 && waiver.commit.hex.hasPrefix($0) }
        }) {
            return named
        }
        return revocations.first { revocation in
            revocation.service == waiver.service && revocation.validator == waiver.validator
                && (revocation.phase == nil || revocation.phase == waiver.phase)
                && (try? repo.isDescendant(waiver.commit, of: revocation.commit)) == false
        }
    }

    /// Waiver approvals for `service`/`phase`/`validator` reachable from `tips`, newest first, stopping at the
    /// previous waiver of the same validator: each waiver consumes the approvals given since the one before it.
    package static func approvals(
        repo: Repository, service: Recorded<ServiceName>, phase: Recorded<Phase>, validator: String, role: String,
        from tips: [OID]
    ) throws -> [ApprovalEntry] {
        guard !tips.isEmpty else { return [] }
        var found: [ApprovalEntry] = []
        try repo.walk(from: tips, topological: true) { oid in
            let info = try repo.commit(oid)
            switch try WaiverLog.event(info) {
            case .waiver(let entry)? where entry.service == service && entry.validator == validator:
                return false
            case .approval(let entry, let approved)?
            where entry.service == service && entry.phase == phase && approved == validator && entry.role == role:
                found.append(entry)
            default:
                break
            }
            return true
        }
        return found
    }
}
