/// A Markdown checklist whose bytes are kept exactly, so a tick rewrites one character and nothing else.
package struct Checklist: Equatable, Sendable {
    /// The file's bytes, as read (CRLF, trailing spaces and a missing final newline included).
    package private(set) var bytes: [UInt8]
    /// The task-list items outside code fences, in file order.
    package private(set) var items: [ChecklistItem]

    package init(text: String) {
        self.bytes = Array(text.utf8)
        self.items = ChecklistScanner.items(in: bytes)
    }

    /// The current text.
    package var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Items a person must tick.
    package var manualItems: [ChecklistItem] { items.filter(\.isManual) }

    /// Items a validator ticks.
    package var automatedItems: [ChecklistItem] { items.filter { !$0.isManual } }

    /// The text with item `index` ticked or unticked; every other byte unchanged (an invalid index changes nothing).
    package func settingChecked(_ checked: Bool, item index: Int) -> String {
        var copy = self
        copy.setChecked(checked, at: index)
        return copy.text
    }

    /// Ticks (`x`) or unticks (space) item `index` in place; an `X` that is already ticked stays as written.
    package mutating func setChecked(_ checked: Bool, at index: Int) {
        guard items.indices.contains(index), items[index].checked != checked else { return }
        bytes[items[index].markOffset] = checked ? UInt8(ascii: "x") : UInt8(ascii: " ")
        items[index].checked = checked
    }

    /// The checklist with every manual item unticked and automated items as they are: what is left of the
    /// sign-offs after a reopen.
    package func withoutManualTicks() -> Checklist {
        var copy = self
        for item in items where item.isManual && item.checked { copy.setChecked(false, at: item.index) }
        return copy
    }

    /// Tags that name no validator in `known`, and tag-like text that is not a valid tag.
    package func autoTagProblems(knownValidators known: [String], file: String) -> [ChecklistError] {
        var problems: [ChecklistError] = []
        for item in items {
            if let id = item.autoValidator, !known.contains(id) {
                problems.append(
                    .unknownValidator(file: file, line: item.line, column: item.tagColumn ?? 1, id: id, known: known))
            } else if item.autoValidator == nil, let range = item.text.range(of: "`auto:") {
                let column = item.text.distance(from: item.text.startIndex, to: range.lowerBound) + 1
                problems.append(
                    .malformedAutoTag(
                        file: file, line: item.line, column: column,
                        text: String(item.text[range.lowerBound...])))
            }
        }
        return problems
    }
}
