/// One Markdown task-list line of a checklist.
package struct ChecklistItem: Equatable, Sendable {
    /// Position among the checklist's items, starting at 0.
    package let index: Int
    /// 1-based line number in the file.
    package let line: Int
    package internal(set) var checked: Bool
    /// The item's text without the trailing `` `auto:<id>` `` tag.
    package let text: String
    /// The validator that ticks this item, when the text ends in `` `auto:<id>` ``; nil for a manual item.
    package let autoValidator: String?
    /// Nesting level: 0 for a top-level list item, 1 inside another list item, and so on.
    package let depth: Int
    /// Byte offset of the character between the brackets, the only byte a tick rewrites.
    let markOffset: Int
    /// 1-based column of the auto tag's opening backtick, for error messages.
    let tagColumn: Int?

    /// A manual item is a person's sign-off: the gate never ticks it.
    package var isManual: Bool { autoValidator == nil }
}
