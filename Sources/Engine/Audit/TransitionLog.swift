import Domain
import Foundation
import Git

/// One transition commit as read back from history.
package struct TransitionEntry: Sendable {
    package let commit: OID
    /// The `Gate-Service` value as written: history may hold a name this version refuses.
    package let service: Recorded<ServiceName>
    package let from: RecordedState
    package let to: RecordedState
    package let evidence: String?
    package let reason: String?
    package let signer: String
    package let time: Date
    package let trailers: [Trailer]

    /// Gate trailers that appear more than once: git's readers show every value (`ready,isolation`), the last
    /// one would win here, so such a record is ambiguous and `verify` refuses it.
    package var repeatedKeys: [String] {
        let keys: [TrailerKey] = [.service, .from, .to, .evidence, .reason]
        return keys.filter { trailers.all($0).count > 1 }.map(\.rawValue)
    }
}

/// Reads transition trailers out of commit messages.
package enum TransitionLog {
    /// The transition a commit records, or nil when it carries no Gate-Service trailer.
    package static func entry(_ info: CommitInfo) throws -> TransitionEntry? {
        // git reads trailer keys case-insensitively and allows spaces before the colon; so does this pre-check.
        guard info.message.range(of: TrailerKey.service.rawValue, options: .caseInsensitive) != nil else { return nil }
        let trailers = try Repository.trailers(in: info.message)
        func value(_ key: TrailerKey) -> String? { trailers.last(key) }
        guard let service = value(.service), let from = value(.from), let to = value(.to) else { return nil }
        let signer = value(.signedOffBy) ?? "\(info.author.name) <\(info.author.email)>"
        return TransitionEntry(
            commit: info.id, service: Recorded(service), from: RecordedState(from), to: RecordedState(to),
            evidence: value(.evidence),
            reason: value(.reason), signer: signer, time: info.committer.time, trailers: trailers)
    }

    /// The newest transition of each wanted service reachable from `tip`, stopping as soon as all are found.
    ///
    /// "Newest" is the first in commit-date order, the order `git log` lists commits in, except that a transition
    /// never counts over one that descends from it: where a commit is dated before its parent (an amend or rebase
    /// with an old date, a skewed clock, equal dates met breadth-first), the walk goes on below the commits still
    /// queued until they join the history of the transitions found, and a later-met transition that descends from
    /// a found one takes its place. That walk is incremental: its cost follows how far back the last transitions
    /// lie, not the length of history (a topological sort would read the whole history before yielding the first
    /// commit).
    package static func latest(repo: Repository, from tip: OID, services: Set<ServiceName>) throws
        -> [ServiceName: TransitionEntry]
    {
        var found: [ServiceName: TransitionEntry] = [:]
        guard !services.isEmpty else { return found }
        // Each wanted service's key in the walk: the ancestors of its found transition carry it.
        let keys = Dictionary(uniqueKeysWithValues: services.sorted().enumerated().map { ($1, $0) })
        try repo.walkByDate(
            from: tip, marker: TrailerKey.service.marker,
            covering: { oid, message, below in
                var mark: Int?
                if message != nil, let entry = try entry(try repo.commit(oid)),
                    let name = entry.service.known, let key = keys[name]
                {
                    if let current = found[name] {
                        // Not below the found one, met after it: it may descend from it (that one dated after it).
                        if !below.contains(key), try repo.isDescendant(oid, of: current.commit) {
                            found[name] = entry
                            mark = key
                        }
                    } else {
                        found[name] = entry
                        mark = key
                    }
                }
                return DateWalkStep(mark: mark, done: found.count == services.count)
            })
        return found
    }
}
