import Foundation

/// A checklist line the gate cannot honour, with the file, line and column and the fix.
package enum ChecklistError: Error, Equatable, LocalizedError {
    /// An `auto:` tag names no validator of the phase's gate.
    case unknownValidator(file: String, line: Int, column: Int, id: String, known: [String])
    /// Text that looks like an `auto:` tag but is not `` `auto:<id>` `` at the end of the item.
    case malformedAutoTag(file: String, line: Int, column: Int, text: String)

    package var errorDescription: String? {
        switch self {
        case .unknownValidator(let file, let line, let column, let id, let known):
            let list =
                known.isEmpty
                ? "the gate has no validators" : "validators of this gate: \(known.joined(separator: ", "))"
            return
                "\(file):\(line):\(column): `auto:\(id)` names no validator of this gate (\(list)); fix the id or remove the tag to make the item manual"
        case .malformedAutoTag(let file, let line, let column, let text):
            return
                "\(file):\(line):\(column): '\(text)' is not an automation tag; end the item with `auto:<validator-id>` (lowercase id in backticks) or remove it"
        }
    }
}
