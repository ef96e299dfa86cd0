import Domain
import Foundation
import Git

/// A gate file (or a script under `gates/checks/`) a reviewed range changes: loosening a gate in an ordinary
/// commit is legal, so a reviewer must see it next to the transitions it affects.
package struct GateChange: Codable, Sendable, Equatable {
    package let path: String
    /// One line per difference that matters for the verdict (validators, checklist items, approvals, waivers).
    package let notes: [String]
}

enum GateChanges {
    /// The changes under `gates/` between `old` and `head`, each gate file compared key by key.
    static func between(_ old: OID, _ head: OID, repo: Repository) throws -> [GateChange] {
        try repo.changedPaths(in: head, comparedTo: old, under: Workspace.gatesDir).sorted().map { path in
            GateChange(path: path, notes: try notes(path: path, old: old, head: head, repo: repo))
        }
    }

    private static func notes(path: String, old: OID, head: OID, repo: Repository) throws -> [String] {
        let before = try repo.blob(at: path, in: old), after = try repo.blob(at: path, in: head)
        guard let after else { return ["removed"] }
        guard let before else { return ["added"] }
        guard path.hasSuffix(".yaml"), !path.contains("/checks/"),
            let a = try? GateDefinition.parse(String(decoding: before, as: UTF8.self), file: path),
            let b = try? GateDefinition.parse(String(decoding: after, as: UTF8.self), file: path)
        else { return ["changed"] }
        var notes: [String] = []
        let oldIDs = Set(a.validators.map(\.id)), newIDs = Set(b.validators.map(\.id))
        for id in oldIDs.subtracting(newIDs).sorted() { notes.append("removed validator \(id)") }
        for id in newIDs.subtracting(oldIDs).sorted() { notes.append("added validator \(id)") }
        for spec in b.validators where oldIDs.contains(spec.id) {
            guard var was = a.validator(id: spec.id) else { continue }
            was.location = spec.location  // where it sits in the file is no change to the gate
            if was != spec {
                notes.append("changed validator \(spec.id) (kind, command, timeout, retries, options, waiver or date)")
            }
        }
        let oldItems = Set(Checklist(text: a.checklist).items.map(\.text))
        let newItems = Set(Checklist(text: b.checklist).items.map(\.text))
        let removed = oldItems.subtracting(newItems).sorted(), added = newItems.subtracting(oldItems).sorted()
        if !removed.isEmpty {
            notes.append("removed checklist item(s): " + removed.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        if !added.isEmpty {
            notes.append("added checklist item(s): " + added.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        if a.approvals != b.approvals { notes.append("approvals changed") }
        return notes.isEmpty ? ["changed (no difference in validators, checklist items or approvals)"] : notes
    }
}
