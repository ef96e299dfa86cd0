/// A value of a validator's free-form `with:` map: text, a number or a flag.
public enum OptionValue: Equatable, Sendable, CustomStringConvertible {
    case string(String)
    case number(Double)
    case bool(Bool)

    /// The value as written in YAML.
    public var description: String {
        switch self {
        case .string(let text): return text
        case .number(let number): return QuantityText.compact(number)
        case .bool(let flag): return flag ? "true" : "false"
        }
    }

    /// The value when it is a whole number.
    public var int: Int? {
        switch self {
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? Int(number) : nil
        case .string, .bool: return nil
        }
    }

    public var double: Double? {
        switch self {
        case .number(let number): return number
        case .string, .bool: return nil
        }
    }

    public var bool: Bool? {
        switch self {
        case .bool(let flag): return flag
        case .string, .number: return nil
        }
    }

    /// The value as a duration (`10s`), when it is text that parses as one.
    public var duration: DurationValue? {
        switch self {
        case .string(let text): return try? DurationValue(parsing: text)
        case .number, .bool: return nil
        }
    }
}
