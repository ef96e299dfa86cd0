import Domain
import Foundation
import Git

/// One transition commit as read back from history.
public struct TransitionEntry: Sendable {
    public let commit: OID
    public let service: String
    public let from: String
    public let to: String
    public let evidence: String?
    public let reason: String?
    public let signer: String
    public let time: Date
    public let trailers: [Trailer]

    /// Gate trailers that appear more than once: git's readers show every value (`ready,isolation`), the last
    /// one would win here, so such a record is ambiguous and `verify` refuses it.
    public var repeatedKeys: [String] {
        let keys: [TrailerKey] = [.service, .from, .to, .evidence, .reason]
        return keys.filter { trailers.all($0).count > 1 }.map(\.rawValue)
    }
}

/// Reads transition trailers out of commit messages.
public enum TransitionLog {
    /// The transition a commit records, or nil when it carries no Gate-Service trailer.
    public static func entry(_ info: CommitInfo) throws -> TransitionEntry? {
        // git reads trailer keys case-insensitively and allows spaces before the colon; so does this pre-check.
        guard info.message.range(of: TrailerKey.service.rawValue, options: .caseInsensitive) != nil else { return nil }
        let trailers = try Repository.trailers(in: info.message)
        func value(_ key: TrailerKey) -> String? { trailers.last(key) }
        guard let service = value(.service), let from = value(.from), let to = value(.to) else { return nil }
        let signer = value(.signedOffBy) ?? "\(info.author.name) <\(info.author.email)>"
        return TransitionEntry(commit: info.id, service: service, from: from, to: to, evidence: value(.evidence),
                               reason: value(.reason), signer: signer, time: info.committer.time, trailers: trailers)
    }

    /// The newest transition of each wanted service reachable from `tip`, stopping as soon as all are found.
    ///
    /// "Newest" is the first in commit-date order, the order `git log` lists commits in (a frontier of
    /// commits by date, never a parent before its child on a history whose clocks do not run backwards).
    /// That walk is incremental: its cost follows how far back the last transitions lie, not the length of
    /// history (a topological sort would read the whole history before yielding the first commit).
    public static func latest(repo: Repository, from tip: OID, services: Set<String>) throws -> [String: TransitionEntry] {
        var found: [String: TransitionEntry] = [:]
        guard !services.isEmpty else { return found }
        try repo.walkByDate(from: tip, marker: TrailerKey.service.marker) { oid, message in
            guard message != nil else { return true }
            if let entry = try entry(try repo.commit(oid)), services.contains(entry.service), found[entry.service] == nil {
                found[entry.service] = entry
            }
            return found.count < services.count
        }
        return found
    }
}
