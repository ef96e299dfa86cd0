import CYaml
import Foundation

/// Yams 6 refuses a mapping with a repeated key while it composes, naming the first copy without a key path.
/// This walk runs only after such a refusal and reports what the readers reported with Yams 5, which composed
/// repeats and left them to `YAMLField.mapping`: the second copy with its key path, the shallowest repeat first
/// (readers take a mapping's keys before its values), then the first in the file. An error that stopped Yams 5's
/// composer anywhere in the document (a syntax error, an undefined alias, a second document) still wins, with
/// the same position and text as `YAMLIssue.syntax(from:)` gives it.
enum YAMLDuplicateKeys {
    /// The issue the document gets, or nil when no plain key repeats (Yams' own error then stands).
    static func issue(in text: String) -> YAMLIssue? {
        var bytes = Array(text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var walk = DuplicateWalk()
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return syntaxIssue(parser, text) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return walk.first }
                if let stop = walk.take(event) { return stop }
            }
        }
    }

    /// libyaml's error as `YAMLIssue.syntax(from:)` shows Yams' error for it.
    private static func syntaxIssue(_ parser: yaml_parser_t, _ text: String) -> YAMLIssue {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        if parser.error == YAML_READER_ERROR {
            let offset = text.utf8.index(
                text.utf8.startIndex, offsetBy: parser.problem_offset, limitedBy: text.utf8.endIndex)?
                .samePosition(in: text).map { text.distance(from: text.startIndex, to: $0) }
            return YAMLIssue(
                line: 1, column: 1, keyPath: "", kind: .syntax("\(problem)\(offset.map { " at byte \($0)" } ?? "")"))
        }
        let context = parser.context.map {
            (
                text: String(cString: $0), line: Int(parser.context_mark.line) + 1,
                column: Int(parser.context_mark.column) + 1
            )
        }
        return YAMLIssue.located(
            problem, context, line: Int(parser.problem_mark.line) + 1,
            column: Int(parser.problem_mark.column) + 1)
    }
}

/// The state of one duplicate walk: open collections, anchors defined so far and the best repeat found.
private struct DuplicateWalk {
    struct Frame {
        let isMapping: Bool
        let keyPath: String
        let anchor: String?
        var children = 0
        var keys: Set<String> = []
        /// The plain key whose value comes next (nil after a collection used as a key).
        var key: String?
    }

    /// A scalar anchor's text and position: an alias to it reads as that scalar, at the anchor's place.
    struct AnchoredScalar {
        let text: String
        let line: Int
        let column: Int
    }

    var stack: [Frame] = []
    var scalars: [String: AnchoredScalar] = [:]
    var collections: Set<String> = []
    var documents = 0
    var first: YAMLIssue?
    var firstDepth = Int.max

    /// Takes one event; returns the issue that ends the walk (an error Yams 5 stopped at), if any.
    mutating func take(_ event: yaml_event_t) -> YAMLIssue? {
        let line = Int(event.start_mark.line) + 1, column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                return YAMLIssue.located(
                    "but found another document",
                    (text: "expected a single document in the stream", line: 1, column: 1),
                    line: line, column: column)
            }
        case YAML_SCALAR_EVENT:
            let text = Self.scalarText(event)
            child(key: AnchoredScalar(text: text, line: line, column: column))
            if let anchor = Self.text(event.data.scalar.anchor) {
                scalars[anchor] = AnchoredScalar(text: text, line: line, column: column)
                collections.remove(anchor)
            }
        case YAML_ALIAS_EVENT:
            let anchor = Self.text(event.data.alias.anchor) ?? ""
            if let scalar = scalars[anchor] {
                child(key: scalar)
            } else if collections.contains(anchor) {
                child(key: nil)
            } else {
                return YAMLIssue.located("found undefined alias", nil, line: line, column: column)
            }
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let path = childPath()
            child(key: nil)
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let raw = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            stack.append(Frame(isMapping: isMapping, keyPath: path, anchor: Self.text(raw)))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            // Yams registers a collection's anchor once the collection is complete, as here.
            if let anchor = stack.popLast()?.anchor {
                collections.insert(anchor)
                scalars[anchor] = nil
            }
        default:
            break
        }
        return nil
    }

    /// The key path the next child of the innermost collection gets, as `YAMLField` names it.
    func childPath() -> String {
        guard let top = stack.last else { return "" }
        if !top.isMapping { return "\(top.keyPath)[\(top.children)]" }
        guard let key = top.key else { return top.keyPath }
        return top.keyPath.isEmpty ? key : "\(top.keyPath).\(key)"
    }

    /// Counts a child of the innermost collection; a mapping's key child is checked against the keys before it.
    mutating func child(key scalar: AnchoredScalar?) {
        guard !stack.isEmpty else { return }
        let index = stack.count - 1
        defer { stack[index].children += 1 }
        guard stack[index].isMapping, stack[index].children % 2 == 0 else { return }
        stack[index].key = scalar?.text
        guard let scalar else { return }
        if stack[index].keys.insert(scalar.text).inserted { return }
        if first == nil || stack.count < firstDepth {
            let path = stack[index].keyPath.isEmpty ? scalar.text : "\(stack[index].keyPath).\(scalar.text)"
            first = YAMLIssue(line: scalar.line, column: scalar.column, keyPath: path, kind: .duplicateKey(scalar.text))
            firstDepth = stack.count
        }
    }

    /// A scalar's text, which may hold NUL characters.
    static func scalarText(_ event: yaml_event_t) -> String {
        let buffer = UnsafeBufferPointer(start: event.data.scalar.value, count: event.data.scalar.length)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }
}
