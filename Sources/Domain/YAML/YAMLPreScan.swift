import CYaml
import Foundation

/// Walks libyaml's parse events once, before Yams composes a node tree, and refuses a document that crosses
/// `YAMLLimits`. libyaml parses without recursion and the walk keeps one small frame per open collection, so
/// this costs time linear in the text and memory linear in its depth; Yams' recursive composer (and every
/// reader after it) only ever sees documents that are shallow and small once aliases are expanded.
/// A syntax error ends the walk quietly: Yams reports it with its own position right after.
package enum YAMLPreScan {
    /// Throws `YAMLLimitExceeded` at the first event past a limit.
    package static func check(_ text: String, limits: YAMLLimits = .standard) throws {
        _ = nestingCapLifted
        var bytes = Array(text.utf8)
        if bytes.count > limits.maxBytes {
            let (line, column) = position(ofByte: limits.maxBytes, in: bytes)
            throw YAMLLimitExceeded(
                limit: .documentSize, bound: limits.maxBytes, line: line, column: column,
                detail: "the document is \(bytes.count) bytes")
        }
        var walk = Walk(limits: limits)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        try bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return }
                try walk.take(event)
            }
        }
    }

    /// libyaml 0.2.5 (Yams 6) refuses flow collections once its scanner has looked ahead past 1,000 open
    /// brackets, which a deep document reaches long before the walk reaches `maxDepth`: the document would get
    /// libyaml's "maximum nesting level" syntax error at its first bracket instead of the located limit error.
    /// Every reader runs this pre-scan before Yams parses, so the walk bounds depth and libyaml's cap is lifted
    /// once (a process-wide setting; a `static let` sets it exactly once, before any parse that follows).
    private static let nestingCapLifted: Void = yaml_set_max_nest_level(Int32.max)

    /// 1-based line and column of byte `offset` (columns counted in characters, as libyaml does).
    static func position(ofByte offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1, column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}

/// The running totals of one pre-scan.
private struct Walk {
    /// One open mapping or sequence.
    struct Frame {
        let isMapping: Bool
        let anchor: String?
        /// `values` when the collection opened, so its expanded size is the difference when it closes.
        let valuesAtStart: Int
        /// Its own depth (1 for a top-level collection) and the deepest depth reached inside it.
        let depth: Int
        var deepest: Int
        /// Children so far; in a mapping the even-numbered ones are keys.
        var children = 0
    }

    /// What an anchor stands for, so every alias to it can be charged in full.
    struct Anchored {
        let values: Int
        /// Levels the anchored node adds below the place an alias puts it (0 for a scalar).
        let levels: Int
    }

    let limits: YAMLLimits
    var stack: [Frame] = []
    var anchors: [String: Anchored] = [:]
    var values = 0

    init(limits: YAMLLimits) { self.limits = limits }

    mutating func take(_ event: yaml_event_t) throws {
        let mark = (Int(event.start_mark.line) + 1, Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_SCALAR_EVENT:
            try child(at: mark)
            try add(1, at: mark, aliased: false)
            if let anchor = Self.text(event.data.scalar.anchor) { anchors[anchor] = Anchored(values: 1, levels: 0) }
        case YAML_ALIAS_EVENT:
            try child(at: mark)
            let target = Self.text(event.data.alias.anchor).flatMap { anchors[$0] } ?? Anchored(values: 1, levels: 0)
            try reach(stack.count + target.levels, at: mark, what: "an alias that repeats a collection")
            try add(target.values, at: mark, aliased: true)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            try child(at: mark)
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let raw = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let depth = stack.count + 1
            try reach(depth, at: mark, what: isMapping ? "a mapping" : "a list")
            try add(1, at: mark, aliased: false)
            stack.append(
                Frame(
                    isMapping: isMapping, anchor: Self.text(raw), valuesAtStart: values - 1,
                    depth: depth, deepest: depth))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return }
            if let anchor = frame.anchor {
                anchors[anchor] = Anchored(
                    values: values - frame.valuesAtStart, levels: frame.deepest - frame.depth + 1)
            }
            if !stack.isEmpty { stack[stack.count - 1].deepest = max(stack[stack.count - 1].deepest, frame.deepest) }
        default:
            return
        }
    }

    /// Counts a child of the innermost collection; every second child of a mapping is a key.
    mutating func child(at mark: (Int, Int)) throws {
        guard !stack.isEmpty else { return }
        let index = stack.count - 1
        if stack[index].isMapping, stack[index].children % 2 == 0, stack[index].children / 2 + 1 > limits.maxKeys {
            throw YAMLLimitExceeded(
                limit: .keyCount, bound: limits.maxKeys, line: mark.0, column: mark.1,
                detail: "a mapping with more than \(limits.maxKeys) keys")
        }
        stack[index].children += 1
    }

    /// Records that the document reaches `depth` levels here.
    mutating func reach(_ depth: Int, at mark: (Int, Int), what: String) throws {
        if depth > limits.maxDepth {
            throw YAMLLimitExceeded(
                limit: .nestingDepth, bound: limits.maxDepth, line: mark.0, column: mark.1,
                detail: "\(what) nested \(depth) levels deep")
        }
        if !stack.isEmpty { stack[stack.count - 1].deepest = max(stack[stack.count - 1].deepest, depth) }
    }

    mutating func add(_ count: Int, at mark: (Int, Int), aliased: Bool) throws {
        values += count
        if values > limits.maxValues {
            throw YAMLLimitExceeded(
                limit: .aliasExpansion, bound: limits.maxValues, line: mark.0, column: mark.1,
                detail: aliased
                    ? "an alias that brings the document past \(limits.maxValues) values"
                    : "more than \(limits.maxValues) values")
        }
    }

    static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
    }
}
