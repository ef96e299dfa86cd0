import Domain
import Foundation

/// A manual checklist item that still needs a person's tick.
package struct PendingItem: Equatable, Sendable {
    package let path: String
    package let line: Int
    package let text: String
}

/// The verdict of one gate run: every validator's record, the checklist as it should be, what blocks.
package struct GateReport: Sendable {
    package let service: ServiceName
    package let phase: Phase
    package let evidence: Evidence
    /// The phase checklist with automated items ticked or unticked from their validators.
    package let checklistPath: String
    package let checklistText: String
    package let pendingItems: [PendingItem]
    /// Checklist problems that fail the gate: an `auto:` tag naming no validator, a template item removed,
    /// reworded or re-tagged.
    package let definitionProblems: [String]
    /// Files validators produced for the evidence folder (e.g. `3-performance.md`).
    package let artifacts: [String: String]
    /// What was judged: "HEAD <commit>" for a sealed run, "work tree" for a quick `check`.
    package var judged: String = "work tree"
    /// Automated checklist items left unticked by a waived or warning validator, and why.
    package var checklistNotes: [String] = []

    package var records: [ValidatorRecord] { evidence.validators }
    package var failures: [ValidatorRecord] { records.filter { $0.status == .fail } }
    package var validatorsPassed: Bool { failures.isEmpty && definitionProblems.isEmpty }
    package var passed: Bool { validatorsPassed && pendingItems.isEmpty }

    /// One line per validator and per blocker, for the terminal and the commit body.
    package func summaryLines() -> [String] {
        var lines = records.map { r in
            let flaky = r.attempts > 1 ? " (attempts \(r.attempts), passes \(r.passes))" : ""
            return
                "\(r.status.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0)) \(r.id): \(r.message)\(flaky)"
        }
        lines += definitionProblems.map { "FAIL checklist: \($0)" }
        lines += checklistNotes.map { "NOTE \($0)" }
        lines += pendingItems.map { "TODO \($0.path):\($0.line): \($0.text)" }
        return lines
    }
}
