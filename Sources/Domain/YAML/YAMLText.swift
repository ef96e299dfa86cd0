import Foundation
import Yams

/// Small helpers for writing YAML text by hand, so rendered files keep their explanatory comments.
package enum YAMLText {
    /// `text` as a YAML scalar: plain when that is unambiguous, else double-quoted with escapes.
    package static func scalar(_ text: String) -> String {
        let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/:@+-")
        let reserved = ["", "~", "null", "true", "false", "yes", "no", "on", "off"]
        // `@` is reserved and `:` an indicator at the start; a plain scalar YAML would read as something other
        // than text (`0x1F`, `2001-12-14`, `.inf`, `<<`) is quoted too, so every value reads back as written.
        let plain =
            !reserved.contains(text.lowercased())
            && text.unicodeScalars.allSatisfy(safe.contains)
            && !text.hasPrefix("-") && !text.hasPrefix("@") && !text.hasPrefix(":") && !text.hasSuffix(":")
            && Double(text) == nil && Resolver.default.resolveTag(of: Node(text)) == .str
        return plain ? text : quoted(text)
    }

    /// `text` double-quoted, escaping backslashes, quotes and control characters.
    package static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A flow sequence of scalars, e.g. `[dns, web]`.
    static func flow(_ items: [String]) -> String {
        "[" + items.map(scalar).joined(separator: ", ") + "]"
    }

    /// A line with a trailing comment aligned at `column`, so a template reads as a table.
    static func commented(_ content: String, _ comment: String, column: Int = 28) -> String {
        let pad = max(1, column - content.count)
        return content + String(repeating: " ", count: pad) + "# " + comment
    }
}
