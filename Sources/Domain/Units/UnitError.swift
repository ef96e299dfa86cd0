import Foundation

/// The kinds of quantity a plan or gate file writes as a string with a unit.
package enum UnitKind: String, Equatable, Sendable {
    case duration
    case byteSize = "byte size"
    case throughput

    /// Example spellings shown in error messages and templates.
    package var examples: [String] {
        switch self {
        case .duration: return ["500ms", "2s", "1.5s", "1m", "1h"]
        case .byteSize: return ["64MiB", "100MB", "512KiB", "1GiB", "4096B"]
        case .throughput: return ["1000/s", "60/m", "3600/h"]
        }
    }
}

/// Why a quantity string did not parse.
package enum UnitError: Error, Equatable, LocalizedError {
    /// The value is not a non-negative number followed by a known unit.
    case invalid(value: String, kind: UnitKind, expected: [String])

    package var errorDescription: String? {
        switch self {
        case .invalid(let value, let kind, let expected):
            return
                "'\(value)' is not a \(kind.rawValue); write a non-negative number with a unit, e.g. \(expected.joined(separator: ", "))"
        }
    }
}

/// Splits "1.5s" into 1.5 and "s", the shared first step of every unit parser.
enum QuantityText {
    /// The number and the unit text (trimmed), or nil when there is no leading non-negative number.
    static func split(_ text: String) -> (number: Double, unit: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var digits = ""
        var rest = Substring(trimmed)
        while let c = rest.first, c.isASCII, c.isNumber || c == "." {
            digits.append(c)
            rest = rest.dropFirst()
        }
        guard !digits.isEmpty, digits.filter({ $0 == "." }).count <= 1, digits != ".",
            let number = Double(digits), number.isFinite
        else { return nil }
        return (number, rest.trimmingCharacters(in: .whitespaces))
    }

    /// A number without a trailing `.0`, so formatted values read like the ones people write.
    static func compact(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
