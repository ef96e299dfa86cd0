import Foundation
import Git

/// A persistent record of verified tips, so re-verifying a long history after a few new commits audits only
/// those commits (the anchor: gittuf's verification cache).
///
/// What it proves: a cached tip was audited in full (or incrementally from an earlier cached tip) by the same
/// tool version with the same options, and these were its findings. Commits are immutable, so the findings of
/// everything reachable from that tip cannot change; a new run audits `cached..tip` and adds its findings.
/// What it does not prove: anything about a tip it never saw. It is never trusted blindly: it lives under the
/// git directory (never in the tree); an entry is used only when its tip still exists and is an ancestor of
/// the new tip (a rewritten or force-pushed history makes the next run verify from scratch), when the tool
/// version, the options and the tip's `gates/` tree are the same, and when it carries a MAC made with this
/// user's key (`CacheKey`, kept 0600 outside the repository): whoever can write the git directory but not that
/// file cannot write an entry verify uses (an emptied `findings` list is refused). Without a usable key nothing
/// is cached. Commits are immutable only while their object files are: an entry also carries the object store's
/// seal (`ObjectStoreSeal`) and counts only while no object below its tip can have been rewritten since. An unreadable file counts as absent; `--require-signatures` always verifies in full (a keyring can
/// change without any commit changing).
package struct VerifyCache {
    package let repo: Repository

    package init(repo: Repository) { self.repo = repo }

    package var path: String { repo.commonDir + "/podserve-gate/verify-cache.json" }

    /// How a run used the cache, for `--verbose` and tests.
    package enum Use: Equatable, Sendable {
        case full(reason: String)
        case incremental(from: String, newCommits: Int)
    }

    struct Entry: Codable {
        var tip: String
        var key: String
        var gates: String?
        var report: AuditReport
        /// The object store as the audit found it: the entry counts only while no object below its tip can have
        /// been rewritten since (`ObjectStoreSeal`); entries without one are never used.
        var objects: ObjectStoreSeal?
        /// HMAC (over git's object hash) of the entry without it, keyed by `CacheKey`.
        var mac: String?
    }

    struct File: Codable {
        /// 3: seals kept only over loose objects that hash to their ids, noting the packs checked (an older file
        /// counts as absent).
        var version = 3
        var entries: [Entry] = []
    }

    static let maxEntries = 8

    /// Audits `tip` with `verifier`, incrementally from the best cached ancestor when allowed, and records
    /// the result. `options` names everything else the rules depend on (e.g. `--require-signatures`).
    package func audit(_ verifier: Verifier, tip: OID, options: String, useCache: Bool) throws -> (AuditReport, Use) {
        // The rule ids are part of the key: a build that adds a rule never trusts a cache written without it.
        let key = "\(ToolInfo.version) [\(AuditRule.allCases.map(\.rawValue).joined(separator: ","))] \(options)"
        let gates = try repo.treeID(at: Workspace.gatesDir, in: tip)?.hex
        let secret = CacheKey.secret()
        // Taken before the audit reads anything: whatever changes from here on breaks the seal of this run's entry.
        let seal = secret == nil ? nil : repo.objectStoreSeal()
        var file = secret.map(load) ?? File()
        var use = Use.full(
            reason: !useCache
                ? "--no-cache"
                : secret == nil
                    ? "no usable cache key: set HOME or XDG_STATE_HOME; the key file must be your own, mode 0600"
                    : "no verified ancestor in the cache")
        var report: AuditReport?
        var confirmation: ObjectStoreConfirmation?
        if useCache, let (base, confirmed) = try bestAncestor(in: file, of: tip, key: key, gates: gates, use: &use) {
            confirmation = confirmed
            let added = try verifier.audit(tip: tip, hiding: [try OID(hex: base.tip)])
            var merged = base.report
            merged.commitsWalked += added.commitsWalked
            merged.commitsInspected += added.commitsInspected
            merged.transitions += added.transitions
            merged.approvals += added.approvals
            merged.findings += added.findings
            report = merged
            use = .incremental(from: base.tip, newCommits: added.commitsWalked)
        }
        let result = try report ?? verifier.audit(tip: tip)
        // A store where a loose object does not hash to its id is not sealed: a copy could answer in its place later.
        guard let secret, let taken = seal,
            let seal = repo.sealing(taken, confirmedBy: confirmation, budget: Self.budget(result.commitsWalked))
        else {
            return (result, use)
        }
        file.entries.removeAll { $0.tip == tip.hex && $0.key == key }
        var entry = Entry(tip: tip.hex, key: key, gates: gates, report: result, objects: seal)
        entry.mac = try? Self.mac(of: entry, secret: secret)
        file.entries.insert(entry, at: 0)
        file.entries = Array(file.entries.prefix(Self.maxEntries))
        save(file)
        return (result, use)
    }

    /// The cached entry with the same key and gates whose tip is `tip` or one of its ancestors and whose object
    /// store seal still holds, most commits first, with what its seal vouches for; when a seal is broken, `use` says
    /// so.
    private func bestAncestor(
        in file: File, of tip: OID, key: String, gates: String?, use: inout Use
    ) throws -> (Entry, ObjectStoreConfirmation)? {
        var candidates: [Entry] = []
        for entry in file.entries where entry.key == key && entry.gates == gates {
            guard let id = try? OID(hex: entry.tip), (try? repo.resolveCommit(id.hex)) == id else { continue }
            guard id == tip || (try? repo.isAncestor(id, of: tip)) == true else { continue }
            candidates.append(entry)
        }
        for entry in candidates.sorted(by: { $0.report.commitsWalked > $1.report.commitsWalked }) {
            guard let seal = entry.objects else { continue }
            switch repo.objectStoreChange(since: seal, budget: Self.budget(entry.report.commitsWalked)) {
            case .holds(let confirmation): return (entry, confirmation)
            case .broken(let change):
                use = .full(reason: "the object store changed since \(entry.tip.prefix(12)) was verified: \(change)")
            }
        }
        return nil
    }

    /// How many objects the seal reads to check a store: checking costs about what reading costs, and a full audit
    /// of `commits` commits reads about two objects a commit.
    static func budget(_ commits: Int) -> Int { 1000 + 2 * commits }

    /// The cache file, or an empty one when it is missing or unreadable (a corrupted cache counts as absent),
    /// holding only the entries whose MAC this user's key confirms.
    private func load(secret: Data) -> File {
        guard let data = FileManager.default.contents(atPath: path),
            var file = try? JSONDecoder().decode(File.self, from: data), file.version == File().version
        else { return File() }
        file.entries.removeAll { entry in entry.mac == nil || (try? Self.mac(of: entry, secret: secret)) != entry.mac }
        return file
    }

    /// HMAC over the entry's JSON (sorted keys, without its MAC), with git's object hash as the hash function.
    static func mac(of entry: Entry, secret: Data) throws -> String {
        var bare = entry
        bare.mac = nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let message = try encoder.encode(bare)
        var block = secret.count > 64 ? Data(try Repository.hashBlob(secret).hex.utf8) : secret
        block += Data(repeating: 0, count: max(0, 64 - block.count))
        let inner = try Repository.hashBlob(Data(block.map { $0 ^ 0x36 }) + message)
        return try Repository.hashBlob(Data(block.map { $0 ^ 0x5C }) + Data(inner.hex.utf8)).hex
    }

    /// Writes the file atomically; a cache that cannot be written only costs the next run its speed.
    private func save(_ file: File) {
        guard let data = try? JSONEncoder().encode(file) else { return }
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
