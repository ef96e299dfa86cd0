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
    /// `YAMLPreScan` runs first, so a document past `limits` is refused before any tree is built.
    static func document(_ text: String, limits: YAMLLimits = .standard) throws -> YAMLField {
        do {
            try YAMLPreScan.check(text, limits: limits)
        } catch let exceeded as YAMLLimitExceeded {
            throw YAMLIssue(
                line: exceeded.line, column: exceeded.column, keyPath: "", kind: .limitExceeded(exceeded.message))
        }
        do {
            // Values are read as the text written (`int` and `isNull` look at that text), so no scalar needs
            // YAML 1.1's implicit tags: the basic resolver skips a regular-expression pass per scalar (and per
            // key hash in the duplicate check), and naming UTF-8 skips reading the environment per document.
            let root = try Yams.compose(yaml: text, .basic, .default, .utf8)
            return YAMLField(node: root, keyPath: "", line: 1, column: 1)
        } catch let error as YamlError {
            if case .duplicatedKeysInMapping = error, let issue = YAMLDuplicateKeys.issue(in: text) { throw issue }
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

    /// A short rendering of the value for error messages, cut at `shownLimit` characters so a huge value
    /// (or one an alias repeats) never makes a huge message.
    var shownValue: String {
        guard let node else { return "(missing)" }
        var out = ""
        Self.render(node, into: &out)
        return out.count > Self.shownLimit ? String(out.prefix(Self.shownLimit)) + "…" : out
    }

    static let shownLimit = 120

    /// Appends `node`'s rendering, stopping once `out` is past the shown limit.
    private static func render(_ node: Node, into out: inout String) {
        switch node {
        case .scalar(let scalar): out += scalar.string.prefix(shownLimit + 1)
        case .mapping: out += "a mapping"
        case .alias(let alias): out += "*\(alias.anchor.rawValue)"
        case .sequence(let sequence):
            out += "["
            for (index, element) in sequence.enumerated() {
                if out.count > shownLimit { return }
                if index > 0 { out += ", " }
                render(element, into: &out)
            }
            out += "]"
        }
    }

    func invalid(_ expected: String) -> YAMLIssue {
        YAMLIssue(
            line: line, column: column, keyPath: keyPath, kind: .invalidValue(value: shownValue, expected: expected))
    }

    /// The mapping's entries in file order; refuses non-mappings, non-scalar keys, duplicates and (when `known` is given) unknown keys.
    func mapping(known: [String]? = nil) throws -> YAMLMap? {
        guard !isNull, let node else { return nil }
        guard case .mapping(let mapping) = node else { throw invalid("a mapping of keys to values") }
        var entries: [(key: String, field: YAMLField)] = []
        var index: [String: Int] = [:]
        let knownSet = known.map(Set.init)
        for (keyNode, valueNode) in mapping {
            let keyLine = keyNode.mark?.line ?? line, keyColumn = keyNode.mark?.column ?? column
            guard case .scalar(let keyScalar) = keyNode else {
                throw YAMLField(node: keyNode, keyPath: keyPath, line: line, column: column).invalid("a plain key")
            }
            let key = keyScalar.string
            if index[key] != nil {
                throw YAMLIssue(line: keyLine, column: keyColumn, keyPath: childPath(key), kind: .duplicateKey(key))
            }
            if let known, let knownSet, !knownSet.contains(key) {
                throw YAMLIssue(
                    line: keyLine, column: keyColumn, keyPath: childPath(key), kind: .unknownKey(key, known: known))
            }
            index[key] = entries.count
            entries.append((key, YAMLField(node: valueNode, keyPath: childPath(key), line: keyLine, column: keyColumn)))
        }
        return YAMLMap(entries: entries, index: index, owner: self)
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
        guard case .scalar(let scalar)? = node, scalar.style == .plain, let value = Int(text) else {
            throw invalid(expected)
        }
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

/// A YAML mapping's entries in file order, looked up by key through an index (constant time, so reading a
/// mapping stays linear in its size).
struct YAMLMap {
    let entries: [(key: String, field: YAMLField)]
    let index: [String: Int]
    let owner: YAMLField

    /// The value of `key`, or an absent field positioned at the mapping when the key is missing.
    subscript(key: String) -> YAMLField {
        index[key].map { entries[$0].field }
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
            return YAMLIssue(
                line: 1, column: 1, keyPath: "", kind: .syntax("\(problem)\(offset.map { " at byte \($0)" } ?? "")"))
        }
        if case let .duplicatedKeysInMapping(duplicates, context) = error {
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return YAMLIssue(
                line: context.mark.line, column: context.mark.column, keyPath: "",
                kind: .syntax("a mapping repeats the key(s) \(keys)"))
        }
        return YAMLIssue(line: 1, column: 1, keyPath: "", kind: .syntax(error.description))
    }

    private static func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> YAMLIssue {
        located(problem, context.map { ($0.text, $0.mark.line, $0.mark.column) }, line: mark.line, column: mark.column)
    }

    /// libyaml's problem at its mark, with the context it names (text and position) in brackets.
    static func located(_ problem: String, _ context: (text: String, line: Int, column: Int)?, line: Int, column: Int)
        -> YAMLIssue
    {
        let message = context.map { "\(problem) (\($0.text) at line \($0.line), column \($0.column))" } ?? problem
        return YAMLIssue(line: line, column: column, keyPath: "", kind: .syntax(message))
    }
}
