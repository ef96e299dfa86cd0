import Domain
import Foundation

/// Ticks or unticks automated items from their validators and lists the manual items still open.
struct ChecklistJudge {
    let updatedText: String
    let pending: [PendingItem]
    let problems: [String]

    init(path: String, text: String, records: [ValidatorRecord]) {
        var checklist = Checklist(text: text)
        var pending: [PendingItem] = []
        var problems: [String] = []
        let byID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        for item in checklist.items {
            if let auto = item.autoValidator {
                guard let record = byID[auto] else {
                    problems.append("\(path):\(item.line): `auto:\(auto)` names no validator of this gate")
                    continue
                }
                // A skipped validator proved nothing, so its item stays unticked (but does not block).
                checklist.setChecked(record.status == .pass, at: item.index)
            } else if !item.checked {
                pending.append(PendingItem(path: path, line: item.line, text: item.text))
            }
        }
        self.updatedText = checklist.text
        self.pending = pending
        self.problems = problems
    }
}
