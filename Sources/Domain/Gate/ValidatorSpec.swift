/// One `validators:` entry of a gate file.
package struct ValidatorSpec: Equatable, Sendable {
    /// The timeout when the entry gives none.
    package static let defaultTimeout = DurationValue(milliseconds: 300_000)
    /// Commands whose first element starts with this are scripts relative to the workspace root.
    package static let checksPrefix = "gates/checks/"

    /// Unique within the gate; what `` `auto:<id>` `` checklist tags name.
    package var id: String
    package var kind: ValidatorKind
    /// The argument array of a `command` validator.
    package var command: [String]?
    package var timeout: DurationValue
    /// Extra attempts after a failure (0 = one attempt).
    package var retries: Int
    /// The free-form `with:` map (e.g. `attempts: 5`).
    package var options: [String: OptionValue]
    /// Where the entry is written, for option errors raised when a validator reads them.
    package var location: SourceLocation?
    /// `waivable: false` / `waiver: {…}` as written; nil leaves it to the phase's default (`GateDefinition.waiverPolicy`).
    package var waiver: WaiverPolicy?
    /// `effective: YYYY-MM-DD`: before that day a failure only warns; from it on it blocks.
    package var effective: CalendarDay?

    package init(
        id: String, kind: ValidatorKind, command: [String]? = nil,
        timeout: DurationValue = ValidatorSpec.defaultTimeout,
        retries: Int = 0, options: [String: OptionValue] = [:], location: SourceLocation? = nil,
        waiver: WaiverPolicy? = nil, effective: CalendarDay? = nil
    ) {
        self.id = id
        self.kind = kind
        self.command = command
        self.timeout = timeout
        self.retries = retries
        self.options = options
        self.location = location
        self.waiver = waiver
        self.effective = effective
    }

    /// The workspace-relative script a command runs, when its first element is under `gates/checks/`.
    package var scriptPath: String? {
        guard let first = command?.first, first.hasPrefix(Self.checksPrefix) else { return nil }
        return first
    }

    /// A whole-number option, or `fallback` when it is not set; a value of another type is an error.
    package func int(_ key: String, default fallback: Int) throws -> Int {
        guard let value = options[key] else { return fallback }
        guard let number = value.int else { throw optionError(key, value, "a whole number such as 5") }
        return number
    }

    /// A numeric option, or `fallback` when it is not set.
    package func double(_ key: String, default fallback: Double) throws -> Double {
        guard let value = options[key] else { return fallback }
        guard let number = value.double else { throw optionError(key, value, "a number such as 0.5") }
        return number
    }

    /// A duration option (`10s`), or `fallback` when it is not set.
    package func duration(_ key: String, default fallback: DurationValue) throws -> DurationValue {
        guard let value = options[key] else { return fallback }
        guard let duration = value.duration else {
            throw optionError(key, value, "a duration such as \(UnitKind.duration.examples.joined(separator: ", "))")
        }
        return duration
    }

    /// A text option, or `fallback` when it is not set (numbers and flags are given as written).
    package func string(_ key: String, default fallback: String) -> String {
        options[key]?.description ?? fallback
    }

    private func optionError(_ key: String, _ value: OptionValue, _ expected: String) -> GateDefinitionError {
        .invalidValue(
            file: location?.file ?? "gate", line: location?.line ?? 1, column: location?.column ?? 1,
            keyPath: "validators[\(id)].with.\(key)", value: value.description, expected: expected)
    }
}
