import Domain
import Foundation

/// Maps each validator kind a gate file may name to its implementation.
public struct ValidatorRegistry {
    private var byKind: [String: Validator]

    public init(_ byKind: [String: Validator]) { self.byKind = byKind }

    public func validator(for kind: ValidatorKind) -> Validator? { byKind[kind.rawValue] }

    public mutating func register(_ kind: String, _ validator: Validator) { byKind[kind] = validator }

    /// Every built-in validator of the six default gates.
    public static var builtIn: ValidatorRegistry {
        var all: [String: Validator] = [
            "plan-complete": PlanCompleteValidator(),
            "dependencies-exist": DependenciesExistValidator(),
            "no-dependency-cycle": NoDependencyCycleValidator(),
            "command": CommandValidator(),
        ]
        all.merge(RuntimeValidators.all) { current, _ in current }
        all.merge(IntegrationValidators.all) { current, _ in current }
        return ValidatorRegistry(all)
    }
}
