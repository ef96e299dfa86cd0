import Foundation

/// Why a `service.yaml` could not be read; each case names the file, position and key path.
package enum PlanError: Error, Equatable, LocalizedError {
    /// The text is not valid YAML.
    case syntax(file: String, line: Int, column: Int, message: String)
    /// A value has the wrong shape or unit.
    case invalidValue(file: String, line: Int, column: Int, keyPath: String, value: String, expected: String)
    /// A key appears twice in one mapping.
    case duplicateKey(file: String, line: Int, column: Int, keyPath: String)
    /// A key the plan format does not define (usually a typo: `dependson` for `depends_on`).
    case unknownKey(file: String, line: Int, column: Int, keyPath: String, key: String, known: [String])
    /// The document crossed one of `YAMLLimits` (depth, aliases, size, keys); the message names the limit.
    case limitExceeded(file: String, line: Int, column: Int, message: String)

    /// Where the problem is, for callers that print their own messages.
    package var location: SourceLocation {
        switch self {
        case .syntax(let file, let line, let column, _),
            .invalidValue(let file, let line, let column, _, _, _),
            .duplicateKey(let file, let line, let column, _),
            .unknownKey(let file, let line, let column, _, _, _),
            .limitExceeded(let file, let line, let column, _):
            return SourceLocation(file: file, line: line, column: column)
        }
    }

    package var errorDescription: String? {
        switch self {
        case .syntax(_, _, _, let message):
            return
                "\(location): YAML syntax error: \(message); fix the YAML at that position (check indentation, quotes and brackets)"
        case .invalidValue(_, _, _, let keyPath, let value, let expected):
            let key = keyPath.isEmpty ? "the document" : keyPath
            return "\(location): \(key) is '\(value)', expected \(expected); change \(key) in \(location.file)"
        case .duplicateKey(_, _, _, let keyPath):
            return "\(location): \(keyPath) is written twice; keep one of them"
        case .unknownKey(_, _, _, let keyPath, let key, let known):
            return "\(location): unknown key '\(key)' at \(keyPath)\(KeySuggestion.phrase(for: key, in: known)); "
                + "the keys here are \(known.joined(separator: ", "))"
        case .limitExceeded(_, _, _, let message):
            return "\(location): \(message)"
        }
    }

    init(_ issue: YAMLIssue, file: String) {
        switch issue.kind {
        case .syntax(let message):
            self = .syntax(file: file, line: issue.line, column: issue.column, message: message)
        case .invalidValue(let value, let expected):
            self = .invalidValue(
                file: file, line: issue.line, column: issue.column, keyPath: issue.keyPath, value: value,
                expected: expected)
        case .duplicateKey:
            self = .duplicateKey(file: file, line: issue.line, column: issue.column, keyPath: issue.keyPath)
        case .unknownKey(let key, let known):
            self = .unknownKey(
                file: file, line: issue.line, column: issue.column, keyPath: issue.keyPath, key: key, known: known)
        case .limitExceeded(let message):
            self = .limitExceeded(file: file, line: issue.line, column: issue.column, message: message)
        }
    }
}
