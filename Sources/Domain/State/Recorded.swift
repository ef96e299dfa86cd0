/// A value read back from history: one this tool knows, or the text found there, kept as written.
///
/// History outlives the tool that wrote it (and may be forged), so audits never force old text into today's
/// enums: a status, phase or kind this version does not know stays visible as `.unrecognized` and every
/// `switch` over it must say what that means.
package enum Recorded<Known: RawRepresentable & Sendable & Equatable>: Sendable, Equatable
where Known.RawValue == String {
    case known(Known)
    case unrecognized(String)

    package init(_ text: String) {
        self = Known(rawValue: text).map(Recorded.known) ?? .unrecognized(text)
    }

    /// The text as it stands in history.
    package var text: String {
        switch self {
        case .known(let value): return value.rawValue
        case .unrecognized(let text): return text
        }
    }
}

extension Recorded: RecordedText {}

extension Recorded: Hashable where Known: Hashable {}

extension Recorded {
    /// The value, when history holds one this version knows.
    package var known: Known? {
        if case .known(let value) = self { return value }
        return nil
    }
}

/// A value history stores as one string: it is written as its `text` and read back through `init(_:)`, which
/// keeps text this version does not know (`Recorded`, `RecordedState`, `RecordKind`).
package protocol RecordedText: Codable, CustomStringConvertible {
    init(_ text: String)
    var text: String { get }
}

extension RecordedText {
    package var description: String { text }

    package init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
