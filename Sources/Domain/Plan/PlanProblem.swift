/// Something a gate needs from the plan that is missing or empty, with the key path and the sentence that fixes it.
package struct PlanProblem: Equatable, Sendable, CustomStringConvertible {
    package let keyPath: String
    package let message: String
    package let fix: String
    /// Where the key (or, when it is missing, its section) is written; nil when the section is missing too.
    package let location: SourceLocation?

    package init(keyPath: String, message: String, fix: String, location: SourceLocation? = nil) {
        self.keyPath = keyPath
        self.message = message
        self.fix = fix
        self.location = location
    }

    package var description: String {
        "\(location.map { "\($0): " } ?? "")\(keyPath): \(message) — \(fix)"
    }
}
