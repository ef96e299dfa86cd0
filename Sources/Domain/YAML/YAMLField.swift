import Foundation
import Yams

/// One value of a YAML document together with its key path and position, so every error can name both.
struct YAMLField {
    /// nil when the key is absent; its position is then the enclosing mapping's.
    let node: Node?
    let keyPath: String
    let line: Int
    let column: Int

    init(node: Node?, keyPath: String, line: Int, column: Int) {
        self.node = node
        self.keyPath = keyPath
        self.line = node?.mark?.line ?? line
        self.column = node?.mark?.column ?? column
    }

    /// Composes `text` into a node tree; syntax errors keep libyaml's line and column.
    static func document(_ text: String) throws -> YAMLField {
        do {
            let root = try Yams.compose(yaml: text)
            return YAMLField(node: root, keyPath: "", line: 1, column: 1)
        } catch let error as YamlError {
            throw YAMLIssue.syntax(from: error)
        }
    }

    /// True when the key is missing or its value is YAML null (`~`, `null` or nothing).
    var isNull: Bool {
        guard let node else { return true }
        if case .scalar(let scalar) = node { return scalar.style == .plain && node.null != nil }
        return false
    }

    /// The key path of a child key (`targets` + `memory` = `targets.memory`).
    func childPath(_ key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

    /// A short rendering of the value for error messages.
    var shownValue: String {
        guard let node else { return "(missing)" }
        switch node {
        case .scalar(let scalar): return scalar.string
        case .sequence(let sequence): return "[" + sequence.map { YAMLField(node: $0, keyPath: "", line: 0, column: 0).shownValue }.joined(separator: ", ") + "]"
        case .mapping: return "a mapping"
        }
    }

    func invalid(_ expected: String) -> YAMLIssue {
        YAMLIssue(line: line, column: column, keyPath: keyPath, kind: .invalidValue(value: shownValue, expected: expected))
    }

    /// The mapping's entries in file order; refuses non-mappings, non-scalar keys, duplicates and (when `known` is given) unknown keys.
    func mapping(known: [String]? = nil) throws -> YAMLMap? {
        guard !isNull, let node else { return nil }
        guard case .mapping(let mapping) = node else { throw invalid("a mapping of keys to values") }
        var entries: [(key: String, field: YAMLField)] = []
        for (keyNode, valueNode) in mapping {
            let keyLine = keyNode.mark?.line ?? line, keyColumn = keyNode.mark?.column ?? column
            guard case .scalar(let keyScalar) = keyNode else {
                throw YAMLField(node: keyNode, keyPath: keyPath, line: line, column: column).invalid("a plain key")
            }
            let key = keyScalar.string
            if entries.contains(where: { $0.key == key }) {
                throw YAMLIssue(line: keyLine, column: keyColumn, keyPath: childPath(key), kind: .duplicateKey(key))
            }
            if let known, !known.contains(key) {
                throw YAMLIssue(line: keyLine, column: keyColumn, keyPath: childPath(key), kind: .unknownKey(key, known: known))
            }
            entries.append((key, YAMLField(node: valueNode, keyPath: childPath(key), line: keyLine, column: keyColumn)))
        }
        return YAMLMap(entries: entries, owner: self)
    }

    /// The elements of a sequence, each with its indexed key path (`command[1]`).
    func sequence(_ expected: String) throws -> [YAMLField]? {
        guard !isNull, let node else { return nil }
        guard case .sequence(let sequence) = node else { throw invalid(expected) }
        return sequence.enumerated().map { index, element in
            YAMLField(node: element, keyPath: "\(keyPath)[\(index)]", line: line, column: column)
        }
    }

    /// A scalar's text (numbers and booleans as written); lists and mappings are refused.
    func string(_ expected: String = "a single value (text)") throws -> String? {
        guard !isNull, let node else { return nil }
        guard case .scalar(let scalar) = node else { throw invalid(expected) }
        return scalar.string
    }

    /// A list of scalars, e.g. an argument array; a single string is refused so commands are never split on spaces.
    func strings(_ expected: String) throws -> [String]? {
        guard let elements = try sequence(expected) else { return nil }
        return try elements.map { element in
            guard let text = try element.string(expected) else { throw element.invalid(expected) }
            return text
        }
    }

    /// A whole number, written without quotes or units.
    func int(_ expected: String) throws -> Int? {
        guard let text = try string(expected) else { return nil }
        guard case .scalar(let scalar)? = node, scalar.style == .plain, let value = Int(text) else { throw invalid(expected) }
        return value
    }

    /// A quantity with a unit (`2s`, `100MB`, `1000/s`); a unit error becomes an issue at this key path.
    func quantity<T>(_ parse: (String) throws -> T, kind: UnitKind) throws -> T? {
        let expected = "a \(kind.rawValue) such as \(kind.examples.joined(separator: ", "))"
        guard let text = try string(expected) else { return nil }
        do { return try parse(text) } catch is UnitError { throw invalid(expected) }
    }

    /// A mapping of plain keys to scalar values, e.g. environment variables.
    func stringMap(_ expected: String) throws -> [String: String]? {
        guard let map = try mapping() else { return nil }
        var result: [String: String] = [:]
        for (key, field) in map.entries {
            result[key] = try field.string(expected) ?? ""
        }
        return result
    }
}

/// A YAML mapping's entries in file order, looked up by key.
struct YAMLMap {
    let entries: [(key: String, field: YAMLField)]
    let owner: YAMLField

    /// The value of `key`, or an absent field positioned at the mapping when the key is missing.
    subscript(key: String) -> YAMLField {
        entries.first { $0.key == key }?.field
            ?? YAMLField(node: nil, keyPath: owner.childPath(key), line: owner.line, column: owner.column)
    }

    var keys: [String] { entries.map(\.key) }
}

extension YAMLIssue {
    /// Maps Yams' error to an issue with libyaml's mark; errors without a mark point at the start.
    static func syntax(from error: YamlError) -> YAMLIssue {
        if case let .scanner(context, problem, mark, _) = error { return located(problem, context, mark) }
        if case let .parser(context, problem, mark, _) = error { return located(problem, context, mark) }
        if case let .composer(context, problem, mark, _) = error { return located(problem, context, mark) }
        if case let .reader(problem, offset, _, _) = error {
            return YAMLIssue(line: 1, column: 1, keyPath: "", kind: .syntax("\(problem)\(offset.map { " at byte \($0)" } ?? "")"))
        }
        return YAMLIssue(line: 1, column: 1, keyPath: "", kind: .syntax(error.description))
    }

    private static func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> YAMLIssue {
        let message = context.map { "\(problem) (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? problem
        return YAMLIssue(line: mark.line, column: mark.column, keyPath: "", kind: .syntax(message))
    }
}
