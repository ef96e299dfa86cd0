import Foundation

/// Why a gate file could not be read; each case names the file, position and key path, and the fix.
package enum GateDefinitionError: Error, Equatable, LocalizedError {
    case syntax(file: String, line: Int, column: Int, message: String)
    /// A value has the wrong shape, unit or range.
    case invalidValue(file: String, line: Int, column: Int, keyPath: String, value: String, expected: String)
    /// A required key is missing.
    case missingKey(file: String, line: Int, column: Int, keyPath: String, fix: String)
    /// A key the gate format does not define (usually a typo).
    case unknownKey(file: String, line: Int, column: Int, keyPath: String, key: String, known: [String])
    case duplicateKey(file: String, line: Int, column: Int, keyPath: String)
    /// `kind:` names no validator kind.
    case unknownKind(file: String, line: Int, column: Int, keyPath: String, value: String, known: [String])
    /// The `phase:` key disagrees with the file name.
    case phaseMismatch(file: String, line: Int, column: Int, declared: String, expectedFile: String)
    /// Two validators share an id, so `auto:` tags would be ambiguous.
    case duplicateValidator(file: String, line: Int, column: Int, id: String)
    /// A checklist `auto:` tag names no validator of this gate.
    case unknownAutoValidator(file: String, line: Int, column: Int, id: String, known: [String])
    /// The document crossed one of `YAMLLimits`; the message names the limit.
    case limitExceeded(file: String, line: Int, column: Int, message: String)

    package var location: SourceLocation {
        switch self {
        case .syntax(let file, let line, let column, _),
            .invalidValue(let file, let line, let column, _, _, _),
            .missingKey(let file, let line, let column, _, _),
            .unknownKey(let file, let line, let column, _, _, _),
            .duplicateKey(let file, let line, let column, _),
            .unknownKind(let file, let line, let column, _, _, _),
            .phaseMismatch(let file, let line, let column, _, _),
            .duplicateValidator(let file, let line, let column, _),
            .unknownAutoValidator(let file, let line, let column, _, _),
            .limitExceeded(let file, let line, let column, _):
            return SourceLocation(file: file, line: line, column: column)
        }
    }

    package var errorDescription: String? {
        switch self {
        case .syntax(_, _, _, let message):
            return
                "\(location): YAML syntax error: \(message); fix the YAML at that position (or restore the file with `podserve-gate init --force`)"
        case .invalidValue(_, _, _, let keyPath, let value, let expected):
            return
                "\(location): \(keyPath.isEmpty ? "the document" : keyPath) is '\(value)', expected \(expected); change it in \(location.file)"
        case .missingKey(_, _, _, let keyPath, let fix):
            return "\(location): \(keyPath) is missing; \(fix)"
        case .unknownKey(_, _, _, let keyPath, let key, let known):
            return "\(location): unknown key '\(key)' at \(keyPath)\(KeySuggestion.phrase(for: key, in: known)); "
                + "the keys here are \(known.joined(separator: ", "))"
        case .duplicateKey(_, _, _, let keyPath):
            return "\(location): \(keyPath) is written twice; keep one of them"
        case .unknownKind(_, _, _, let keyPath, let value, let known):
            return
                "\(location): \(keyPath) is '\(value)', which is no validator kind; use one of \(known.joined(separator: ", "))"
        case .phaseMismatch(_, _, _, let declared, let expectedFile):
            return
                "\(location): phase is '\(declared)' but the file name says otherwise; a gate for \(declared) lives in \(expectedFile) — rename the file or fix phase:"
        case .duplicateValidator(_, _, _, let id):
            return "\(location): validator id '\(id)' is used twice; give each validator its own id"
        case .unknownAutoValidator(_, _, _, let id, let known):
            return
                "\(location): checklist tag `auto:\(id)` names no validator of this gate (validators: \(known.joined(separator: ", "))); fix the id or remove the tag"
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
