import Domain
import Foundation

/// A manual checklist item that still needs a person's tick.
public struct PendingItem: Equatable, Sendable {
    public let path: String
    public let line: Int
    public let text: String
}

/// The verdict of one gate run: every validator's record, the checklist as it should be, what blocks.
public struct GateReport: Sendable {
    public let service: String
    public let phase: Phase
    public let evidence: Evidence
    /// The phase checklist with automated items ticked or unticked from their validators.
    public let checklistPath: String
    public let checklistText: String
    public let pendingItems: [PendingItem]
    /// Checklist problems that fail the gate: an `auto:` tag naming no validator, a template item removed,
    /// reworded or re-tagged.
    public let definitionProblems: [String]
    /// Files validators produced for the evidence folder (e.g. `3-performance.md`).
    public let artifacts: [String: String]
    /// What was judged: "HEAD <commit>" for a sealed run, "work tree" for a quick `check`.
    public var judged: String = "work tree"
    /// Automated checklist items left unticked by a waived or warning validator, and why.
    public var checklistNotes: [String] = []

    public var records: [ValidatorRecord] { evidence.validators }
    public var failures: [ValidatorRecord] { records.filter { $0.status == .fail } }
    public var validatorsPassed: Bool { failures.isEmpty && definitionProblems.isEmpty }
    public var passed: Bool { validatorsPassed && pendingItems.isEmpty }

    /// One line per validator and per blocker, for the terminal and the commit body.
    public func summaryLines() -> [String] {
        var lines = records.map { r in
            let flaky = r.attempts > 1 ? " (attempts \(r.attempts), passes \(r.passes))" : ""
            return "\(r.status.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0)) \(r.id): \(r.message)\(flaky)"
        }
        lines += definitionProblems.map { "FAIL checklist: \($0)" }
        lines += checklistNotes.map { "NOTE \($0)" }
        lines += pendingItems.map { "TODO \($0.path):\($0.line): \($0.text)" }
        return lines
    }
}
