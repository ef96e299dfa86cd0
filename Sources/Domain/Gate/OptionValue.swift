/// A value of a validator's free-form `with:` map: text, a number or a flag; the one option type from the gate
/// file to the validators that read it (a list comes from a plan default, e.g. `clean_logs.patterns`).
package enum OptionValue: Equatable, Sendable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([String])

    /// The value as written in YAML.
    package var description: String {
        switch self {
        case .string(let text): return text
        case .number(let number): return QuantityText.compact(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .list(let items): return "[" + items.joined(separator: ", ") + "]"
        }
    }

    /// The value when it is a whole number.
    package var int: Int? {
        switch self {
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? Int(number) : nil
        case .string, .bool, .list: return nil
        }
    }

    package var double: Double? {
        switch self {
        case .number(let number): return number
        case .string, .bool, .list: return nil
        }
    }

    package var bool: Bool? {
        switch self {
        case .bool(let flag): return flag
        case .string, .number, .list: return nil
        }
    }

    /// The value as a duration (`10s`), when it is text that parses as one.
    package var duration: DurationValue? {
        switch self {
        case .string(let text): return try? DurationValue(parsing: text)
        case .number, .bool, .list: return nil
        }
    }
}
