import Foundation

/// Text that ends up in a commit message: what a person types (a reopen reason, an approval note) and
/// what the tool copies from files (a role, a validator's message).
///
/// A person's text is one line of printable text, or it is refused: a line break could start a line that
/// git reads as a trailer (`Gate-To: ready`), as the `---` divider or as a scissors line (both hide every
/// trailer below them from git), and other control characters (NUL cuts the message for libgit2, escape
/// sequences and bidirectional overrides hide text on a terminal) could change what a reader sees.
/// Refusing keeps the rule simple and checkable: what was typed is what git and the tool read back.
package enum CommitText {
    /// Returns `value` trimmed of surrounding spaces (git trims trailer values too, so the trimmed text is
    /// what both read back), or throws when it is empty or holds a character that is refused.
    package static func line(_ value: String, field: String) throws -> String {
        try requirePrintable(value, field: field)
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw CommitTextError.empty(field: field) }
        return trimmed
    }

    /// Throws when `value` holds a refused character; the cheap first check a command makes before any work.
    package static func requirePrintable(_ value: String, field: String) throws {
        if let scalar = value.unicodeScalars.first(where: isRefused) {
            throw CommitTextError.refusedCharacter(field: field, value: value, scalar: scalar)
        }
    }

    /// Tool-side text (a validator's message, a value from a gate file) as one printable line for a commit
    /// body: line breaks become spaces and other refused characters their `\u{…}` escape.
    package static func printable(_ value: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in value.unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{2028}" || scalar == "\u{2029}"
                || scalar == "\u{85}"
            {
                pendingSpace = true
                continue
            }
            if pendingSpace {
                if !out.isEmpty && out.last != " " { out.append(" ") }
                pendingSpace = false
            }
            if isRefused(scalar) {
                out += escaped(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// Control characters (C0, DEL, C1), line and paragraph separators, and bidirectional overrides.
    package static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// `value` with every refused character written as an escape, safe to print in an error message.
    package static func escapedForDisplay(_ value: String) -> String {
        value.unicodeScalars.map { isRefused($0) ? escaped($0) : String($0) }.joined()
    }

    static func escaped(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
}

/// Why text was refused for a commit message.
package enum CommitTextError: Error, Equatable, LocalizedError {
    /// A person's text holds a line break or another control character.
    case refusedCharacter(field: String, value: String, scalar: Unicode.Scalar)
    /// Nothing but spaces.
    case empty(field: String)
    /// The rendered message would not read back as written (a defect or a hostile value that slipped by).
    case wouldNotReadBack(what: String, expected: String, read: String)

    package var errorDescription: String? {
        switch self {
        case .refusedCharacter(let field, let value, let scalar):
            let name =
                scalar == "\n" || scalar == "\r" || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}"
                ? "a line break" : "a control character"
            return "\(field) '\(CommitText.escapedForDisplay(value))' holds \(name) (\(CommitText.escaped(scalar))): "
                + "it would be recorded in the commit message, where a new line can add, hide or change a trailer "
                + "(a `Key: value` line, a `---` divider or a scissors line); write \(field) as one line of plain text"
        case .empty(let field):
            return "\(field) is empty; write one line saying why"
        case .wouldNotReadBack(let what, let expected, let read):
            return
                "refusing to commit: the message's \(what) would read back as '\(CommitText.escapedForDisplay(read))' "
                + "instead of '\(CommitText.escapedForDisplay(expected))'; remove control characters and line breaks from the values it holds"
        }
    }
}
