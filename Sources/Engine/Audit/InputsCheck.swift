import Domain
import Foundation
import Git

/// `inputs-mismatch`: the inputs a transition's evidence says it judged must be those of its parent.
///
/// Evidence written before sealed gates (tool versions before 0.2.0, e.g. this repository's own dns, apache
/// and mail history) names no inputs and is judged by the other rules only; evidence from 0.2.0 on must
/// name them.
struct InputsCheck {
    let repo: Repository

    /// The first version whose evidence must carry `inputs`.
    static let sealedSince = [0, 2, 0]

    /// Why the evidence's inputs do not match the parent, or nil when they do (or legacy evidence names none).
    func problem(evidence data: Data, service: ServiceName, parent: OID?) throws -> String? {
        guard let evidence = try? Evidence.decode(data) else { return nil }  // shape problems: evidence-mismatch
        guard let recorded = evidence.inputs else {
            return Self.isSealedVersion(evidence.toolVersion)
                ? "evidence from podserve-gate \(evidence.toolVersion) names no inputs (sealed gates record them)" : nil
        }
        guard let parent else { return "a transition without a parent cannot have judged committed inputs" }
        let plan = try? repo.blob(at: Workspace.planPath(service), in: parent)
            .map { try ServicePlan.parse(String(decoding: $0, as: UTF8.self), file: Workspace.planPath(service)) }
        let actual = try EvidenceInputs.compute(repo: repo, commit: parent, service: service, plan: plan ?? nil)
        var differing = actual.differences(from: recorded)
        // Paths the evidence names that the parent's plan no longer does (or the reverse) differ too.
        if Set(actual.paths.keys) != Set(recorded.paths.keys), differing.isEmpty { differing.append("named paths") }
        guard !differing.isEmpty else { return nil }
        return "the evidence judged inputs of \(recorded.commit.prefix(12)) that differ from the parent "
            + "\(parent.abbreviated) in \(differing.joined(separator: ", "))"
    }

    /// Whether `version` (a.b.c) is at or past `sealedSince`; anything unparsable counts as sealed.
    static func isSealedVersion(_ version: String) -> Bool {
        let parts = version.split(separator: ".").map { Int($0) }
        guard parts.count >= 2, parts.allSatisfy({ $0 != nil }) else { return true }
        let numbers = parts.compactMap { $0 } + [0, 0, 0]
        return numbers.prefix(3).lexicographicallyPrecedes(sealedSince) == false
    }
}
