import Foundation
import Support

/// Text and numbers as the report writes them: escaped for HTML, never a live `scheme://` reference, and
/// formatted without locale or clock so the same input gives the same bytes.
enum HTMLText {
    /// Escapes `&`, `<`, `>`, quotes, and the slashes of `://`, so text from history (a reopen reason holding a
    /// URL) can neither break the markup nor put a network reference in the file; a browser shows it unchanged.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "/" where out.hasSuffix(":") || out.hasSuffix(":&#47;"): out += "&#47;"
            default:
                // Control characters are parse errors in HTML; show them as the replacement character.
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
                    scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || (0x7F..<0xA0).contains(scalar.value)
                {
                    out += "\u{FFFD}"
                } else if character.unicodeScalars.contains(where: TerminalText.isBidiControl) {
                    // Shown as `\uXXXX`, like the terminal shows it, so it cannot reorder the report's text.
                    out += TerminalText.safe(String(character))
                } else {
                    out.append(character)
                }
            }
        }
        return out
    }

    /// A number exactly as Swift prints it (shortest text that reads back to the same double), for data attributes.
    static func exact(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// A coordinate with one decimal.
    static func coordinate(_ value: Double) -> String { String(format: "%.1f", value) }

    /// `2026-11-27 04:23:53 UTC`.
    static func time(_ date: Date) -> String { timeFormatter.string(from: date) }

    /// `2026-11-27`.
    static func day(_ date: Date) -> String { String(time(date).prefix(10)) }

    /// `3d 4h`, `2h 05m`, `40m`, `12s`: a duration at the two largest units.
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        let (d, h, m) = (s / 86_400, s % 86_400 / 3_600, s % 3_600 / 60)
        if d > 0 { return "\(d)d \(h)h" }
        if h > 0 { return String(format: "%dh %02dm", h, m) }
        if m > 0 { return "\(m)m" }
        return "\(s)s"
    }

    private static let timeFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
        return f
    }()
}
