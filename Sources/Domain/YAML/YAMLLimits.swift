import Foundation

/// The bounds every YAML document the tool reads must stay within, so a hostile or mistaken file (a 5,000-level
/// `[[[[…`, an alias bomb, a million keys) ends in a located error instead of a crash, minutes of CPU or gigabytes
/// of memory. Real plans and gate files are a few kilobytes, a handful of levels deep, with dozens of keys:
/// the limits are far above anything hand-written and far below anything that hurts.
package struct YAMLLimits: Equatable, Sendable {
    /// Bytes in one file.
    package var maxBytes: Int
    /// Collections (mappings and sequences) open inside one another, counting what aliases repeat.
    package var maxDepth: Int
    /// Keys in one mapping.
    package var maxKeys: Int
    /// Values (scalars, sequences, mappings) in the whole document once every alias is expanded.
    package var maxValues: Int

    package init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, maxKeys: Int = 10_000, maxValues: Int = 100_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxKeys = maxKeys
        self.maxValues = maxValues
    }

    /// The limits the tool applies to every YAML file it reads.
    package static let standard = YAMLLimits()
}

/// A document went past one of `YAMLLimits`; the message names the limit, its value and where it was crossed.
package struct YAMLLimitExceeded: Error, Equatable, LocalizedError {
    /// Which limit, as it is named in messages and documentation.
    package enum Limit: String, Equatable, Sendable {
        case documentSize = "document size limit"
        case nestingDepth = "nesting depth limit"
        case keyCount = "key count limit"
        case aliasExpansion = "alias expansion limit"
    }

    package let limit: Limit
    /// The limit's value (bytes, levels, keys or values).
    package let bound: Int
    /// 1-based position where the document crossed the limit.
    package let line: Int
    package let column: Int
    /// What was found, e.g. "a mapping nested 65 levels deep".
    package let detail: String

    package var errorDescription: String? { "\(line):\(column): \(message)" }

    /// The message without the position, for callers that print `file:line:column` themselves.
    package var message: String { "\(detail), past the \(limit.rawValue) (\(boundText)); \(Self.fix(limit))" }

    var boundText: String {
        switch limit {
        case .documentSize: return "\(bound) bytes"
        case .nestingDepth: return "\(bound) levels"
        case .keyCount: return "\(bound) keys in one mapping"
        case .aliasExpansion: return "\(bound) values with every alias expanded"
        }
    }

    static func fix(_ limit: Limit) -> String {
        switch limit {
        case .documentSize: return "this file is far larger than any plan or gate needs: remove what does not belong"
        case .nestingDepth: return "flatten the nested lists and mappings"
        case .keyCount: return "split the mapping or remove keys that do not belong"
        case .aliasExpansion: return "write the values out or use fewer `*alias` references"
        }
    }
}
