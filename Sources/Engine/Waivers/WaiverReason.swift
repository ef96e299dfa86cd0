import Foundation

/// The free-text reason of a waiver, checked so that it stays one harmless line of the commit message.
///
/// Refused: empty text, more than 300 characters, any control or line-separator character, and anything git
/// would read as structure: a `Key: value` trailer line (`Token: …`, `Token #…`), a line starting with `---`,
/// or a scissors line (`>8` / `8<` between dashes). Leading and trailing spaces are trimmed.
package enum WaiverReason {
    package static let maxLength = 300

    /// The trimmed reason, or `WaiverError.invalidReason`.
    package static func sanitized(_ raw: String) throws -> String {
        let text = raw.trimmingCharacters(in: .whitespaces)
        func refuse(_ why: String) -> WaiverError { .invalidReason(raw, why: why) }
        if text.isEmpty { throw refuse("it is empty") }
        if text.count > maxLength { throw refuse("it is longer than \(maxLength) characters") }
        if text.unicodeScalars.contains(where: {
            $0.properties.generalCategory == .control || $0.properties.isWhitespace && $0 != " "
        }) {
            throw refuse("it holds a control character, tab or line break")
        }
        if text.hasPrefix("---") {
            throw refuse("a line starting with --- ends a commit message's body for some tools")
        }
        if text.contains(">8") || text.contains("8<") { throw refuse("it looks like a scissors line (>8)") }
        if looksLikeTrailer(text) {
            throw refuse("`\(text.prefix(while: { $0 != ":" && $0 != "#" }))…` would read as a git trailer")
        }
        return text
    }

    /// `Token: value` or `Token #value` with a token of letters, digits and dashes, as git's trailer parser sees it.
    static func looksLikeTrailer(_ text: String) -> Bool {
        let token = text.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard !token.isEmpty else { return false }
        let rest = text.dropFirst(token.count).drop { $0 == " " }
        return rest.first == ":" || rest.first == "#"
    }
}
