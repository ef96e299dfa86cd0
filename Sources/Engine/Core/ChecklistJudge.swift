import Domain
import Foundation

/// Ticks or unticks automated items from their validators, lists the manual items still open, and checks that
/// the checklist still holds every item of its gate's template (a sign-off deleted, reworded or re-tagged away
/// would otherwise let the gate pass without it).
struct ChecklistJudge {
    let updatedText: String
    let pending: [PendingItem]
    let problems: [String]
    /// Why an automated item stays unticked although its validator did not block (waived, or a warning).
    let notes: [String]

    /// `gate` is the gate being run, whose `checklist:` template the checklist of `service` must hold.
    init(
        path: String, text: String, records: [ValidatorRecord], gate: GateDefinition? = nil, service: ServiceName? = nil
    ) {
        var checklist = Checklist(text: text)
        var pending: [PendingItem] = []
        var problems: [String] = []
        var notes: [String] = []
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        for item in checklist.items {
            if let auto = item.autoValidator {
                guard let record = byID[auto] else {
                    problems.append("\(path):\(item.line): `auto:\(auto)` names no validator of this gate")
                    continue
                }
                // A skipped validator proved nothing, so its item stays unticked (but does not block).
                checklist.setChecked(record.status == .pass, at: item.index)
                if record.status == .waived || record.status == .warn {
                    let why =
                        record.waiver.map { "waived by \($0.commit.prefix(12)) until \($0.expires)" }
                        ?? "only a warning until its effective date"
                    notes.append("\(path):\(item.line): `auto:\(auto)` stays unticked: \(auto) failed, \(why)")
                }
            } else if !item.checked {
                pending.append(PendingItem(path: path, line: item.line, text: item.text))
            }
        }
        if let gate, let service {
            problems += Self.templateProblems(path: path, text: text, gate: gate, service: service)
        }
        self.updatedText = checklist.text
        self.pending = pending
        self.problems = problems
        self.notes = notes
    }

    /// One problem per template item the checklist lacks, each naming the gate file's line.
    static func templateProblems(path: String, text: String, gate: GateDefinition, service: ServiceName) -> [String] {
        let gateFile = Workspace.gatePath(gate.phase)
        return ChecklistConformance.deviations(
            checklist: text, template: gate.checklist, service: service.rawValue, phase: gate.phase
        )
        .map { deviation in
            let location = ChecklistConformance.templateLocation(
                line: deviation.templateItem.line, start: gate.checklistLocation, gateFile: gateFile)
            return deviation.message(checklistPath: path, templateLocation: location)
        }
    }
}
