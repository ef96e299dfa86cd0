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
}

/// Reads transition trailers out of commit messages.
public enum TransitionLog {
    /// The transition a commit records, or nil when it carries no Gate-Service trailer.
    public static func entry(_ info: CommitInfo) throws -> TransitionEntry? {
        guard info.message.contains("Gate-Service:") else { return nil }
        let trailers = try Repository.trailers(in: info.message)
        func value(_ key: String) -> String? { trailers.last { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value }
        guard let service = value("Gate-Service"), let from = value("Gate-From"), let to = value("Gate-To") else { return nil }
        let signer = value("Signed-off-by") ?? "\(info.author.name) <\(info.author.email)>"
        return TransitionEntry(commit: info.id, service: service, from: from, to: to, evidence: value("Gate-Evidence"),
                               reason: value("Gate-Reason"), signer: signer, time: info.committer.time, trailers: trailers)
    }

    /// The newest transition of each wanted service reachable from `tip`, stopping as soon as all are found.
    public static func latest(repo: Repository, from tip: OID, services: Set<String>) throws -> [String: TransitionEntry] {
        var found: [String: TransitionEntry] = [:]
        guard !services.isEmpty else { return found }
        try repo.walk(from: [tip], topological: true) { oid in
            let info = try repo.commit(oid)
            if let entry = try entry(info), services.contains(entry.service), found[entry.service] == nil {
                found[entry.service] = entry
            }
            return found.count < services.count
        }
        return found
    }
}
