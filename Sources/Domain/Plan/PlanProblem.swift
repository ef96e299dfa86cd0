/// Something a gate needs from the plan that is missing or empty, with the key path and the sentence that fixes it.
public struct PlanProblem: Equatable, Sendable, CustomStringConvertible {
    public let keyPath: String
    public let message: String
    public let fix: String
    /// Where the key (or, when it is missing, its section) is written; nil when the section is missing too.
    public let location: SourceLocation?

    public init(keyPath: String, message: String, fix: String, location: SourceLocation? = nil) {
        self.keyPath = keyPath
        self.message = message
        self.fix = fix
        self.location = location
    }

    public var description: String {
        "\(location.map { "\($0): " } ?? "")\(keyPath): \(message) — \(fix)"
    }
}
