import Foundation

/// A validated service name, safe to use as a folder under `services/` and in container names.
///
/// A name is validated once where it enters (a command-line argument, a folder under `services/`, a plan's
/// `depends_on`) and typed everywhere after; text read back from history stays `Recorded<ServiceName>`.
package struct ServiceName: Hashable, Comparable, Sendable, CustomStringConvertible, RawRepresentable, Codable,
    CodingKeyRepresentable
{
    package let rawValue: String

    /// The SPEC §3 pattern, quoted in error messages.
    package static let pattern = "^[a-z][a-z0-9-]{0,62}$"

    /// Validates `name`, so `../x`, `Mail` or `a b` never reach a path or a podman argument.
    package init(_ name: String) throws {
        if let rule = Self.brokenRule(name) { throw ServiceNameError.invalid(name, rule) }
        self.rawValue = name
    }

    /// A valid name, or nil: what `Recorded<ServiceName>` reads history's text through.
    package init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Reads a name written as text, refusing one that breaks the pattern (as `init(_:)` does).
    package init(from decoder: Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// A dictionary keyed by names is written as a JSON object keyed by the names' text.
    package var codingKey: any CodingKey { Key(stringValue: rawValue) }

    package init?<T: CodingKey>(codingKey: T) { self.init(rawValue: codingKey.stringValue) }

    /// The coding key of one name.
    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// Throws `ServiceNameError` unless `name` matches the pattern.
    package static func validate(_ name: String) throws {
        _ = try ServiceName(name)
    }

    /// Whether `name` matches the pattern, for callers that only filter.
    package static func isValid(_ name: String) -> Bool { brokenRule(name) == nil }

    /// The first rule `name` breaks, or nil when it is valid.
    static func brokenRule(_ name: String) -> ServiceNameRule? {
        guard let first = name.unicodeScalars.first else { return .empty }
        guard ("a"..."z").contains(first) else { return .firstCharacter(Character(first)) }
        for scalar in name.unicodeScalars
        where !(("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-") {
            return .character(Character(scalar))
        }
        let count = name.unicodeScalars.count
        return count > 63 ? .tooLong(count) : nil
    }

    package var description: String { rawValue }

    package static func < (lhs: ServiceName, rhs: ServiceName) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The rule of the service-name pattern that a name breaks.
package enum ServiceNameRule: Equatable, Sendable, CustomStringConvertible {
    case empty
    case firstCharacter(Character)
    case character(Character)
    case tooLong(Int)

    package var description: String {
        switch self {
        case .empty: return "the name is empty"
        case .firstCharacter(let c): return "it must start with a lowercase letter a-z, not '\(c)'"
        case .character(let c): return "it may contain only a-z, 0-9 and '-', not '\(c)'"
        case .tooLong(let n): return "it has \(n) characters; at most 63 are allowed"
        }
    }
}

/// Why a service name was refused.
package enum ServiceNameError: Error, Equatable, LocalizedError {
    case invalid(String, ServiceNameRule)

    package var errorDescription: String? {
        switch self {
        case .invalid(let name, let rule):
            return "invalid service name '\(name)': \(rule); names match \(ServiceName.pattern), e.g. mail or web-proxy"
        }
    }
}

extension Sequence where Element == ServiceName {
    /// The names joined as text, for messages and trailers.
    package func joined(separator: String = "") -> String {
        map(\.rawValue).joined(separator: separator)
    }
}
