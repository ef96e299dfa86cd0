import Foundation

/// `services/<name>/state.yaml`: the phase a service is working through, written only by the tool.
package enum StateFile {
    /// The comment the tool writes above the state, so a person knows not to edit it by hand.
    package static let header = "# written by podserve-gate; change it with podserve-gate advance/reopen"

    /// The file's text for `phase`.
    package static func render(_ phase: Phase) -> String {
        "\(header)\nphase: \(phase.rawValue)\n"
    }

    /// Reads `phase: <state>`; errors name the file, line and column and list the valid states.
    package static func parse(_ text: String, file: String) throws -> Phase {
        // The tool's own rendering is by far the common case; recognising it skips a YAML parse
        // (the status board reads hundreds of these).
        if let phase = Phase.allCases.first(where: { text == render($0) }) { return phase }
        do {
            let root = try YAMLField.document(text)
            guard let map = try root.mapping(known: ["phase"]) else { throw StateFileError.missingPhase(file: file) }
            let field = map["phase"]
            guard let value = try field.string("a state name") else { throw StateFileError.missingPhase(file: file) }
            guard let phase = Phase(rawValue: value) else {
                throw StateFileError.invalidPhase(
                    file: file, line: field.line, column: field.column, value: value, valid: Phase.stateNames)
            }
            return phase
        } catch let issue as YAMLIssue {
            throw StateFileError(issue, file: file)
        }
    }
}

/// Why a `state.yaml` could not be read.
package enum StateFileError: Error, Equatable, LocalizedError {
    case syntax(file: String, line: Int, column: Int, message: String)
    /// The file has no `phase:` key (or is empty).
    case missingPhase(file: String)
    /// `phase:` holds something that is no state name.
    case invalidPhase(file: String, line: Int, column: Int, value: String, valid: [String])
    /// The document or `phase:` has the wrong shape (a list instead of a name…).
    case invalidValue(file: String, line: Int, column: Int, keyPath: String, value: String, expected: String)
    /// A key other than `phase` (state.yaml holds nothing else).
    case unknownKey(file: String, line: Int, column: Int, key: String)
    /// The document crossed one of `YAMLLimits`; the message names the limit.
    case limitExceeded(file: String, line: Int, column: Int, message: String)

    package var errorDescription: String? {
        let fix = "state.yaml is written only by podserve-gate: restore it with `git checkout -- <file>`"
        switch self {
        case .syntax(let file, let line, let column, let message):
            return "\(file):\(line):\(column): YAML syntax error: \(message); \(fix)"
        case .missingPhase(let file):
            return "\(file): no `phase:` key; \(fix)"
        case .invalidPhase(let file, let line, let column, let value, let valid):
            return "\(file):\(line):\(column): phase is '\(value)', not one of \(valid.joined(separator: ", ")); \(fix)"
        case .invalidValue(let file, let line, let column, let keyPath, let value, let expected):
            return
                "\(file):\(line):\(column): \(keyPath.isEmpty ? "the document" : keyPath) is '\(value)', expected \(expected); \(fix)"
        case .unknownKey(let file, let line, let column, let key):
            return "\(file):\(line):\(column): unknown key '\(key)'\(KeySuggestion.phrase(for: key, in: ["phase"])); "
                + "state.yaml holds only `phase:`; \(fix)"
        case .limitExceeded(let file, let line, let column, let message):
            return "\(file):\(line):\(column): \(message); \(fix)"
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
        case .duplicateKey(let key):
            self = .invalidValue(
                file: file, line: issue.line, column: issue.column, keyPath: issue.keyPath, value: key,
                expected: "a single `phase:` key")
        case .unknownKey(let key, _):
            self = .unknownKey(file: file, line: issue.line, column: issue.column, key: key)
        case .limitExceeded(let message):
            self = .limitExceeded(file: file, line: issue.line, column: issue.column, message: message)
        }
    }
}
