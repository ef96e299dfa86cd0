/// A problem found while reading a YAML document, before it is named in a concern's own error type.
struct YAMLIssue: Error, Equatable {
    enum Kind: Equatable {
        /// libyaml could not read the text.
        case syntax(String)
        /// The value at `keyPath` has the wrong shape or unit.
        case invalidValue(value: String, expected: String)
        /// The same key appears twice in one mapping (YAML would silently keep one of them).
        case duplicateKey(String)
        /// A key the file format does not define (usually a typo).
        case unknownKey(String, known: [String])
        /// The document crossed one of `YAMLLimits`; the message names the limit.
        case limitExceeded(String)
    }

    let line: Int
    let column: Int
    let keyPath: String
    let kind: Kind
}
