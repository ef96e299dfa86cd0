import Domain
import Foundation

/// Maps each validator kind a gate file may name to its implementation.
public struct ValidatorRegistry {
    private var byKind: [ValidatorKind: Validator]

    public init(_ byKind: [ValidatorKind: Validator]) { self.byKind = byKind }

    public func validator(for kind: ValidatorKind) -> Validator? { byKind[kind] }

    public mutating func register(_ kind: ValidatorKind, _ validator: Validator) { byKind[kind] = validator }

    /// Every built-in validator of the six default gates.
    public static var builtIn: ValidatorRegistry {
        var all: [ValidatorKind: Validator] = [
            .planComplete: PlanCompleteValidator(),
            .dependenciesExist: DependenciesExistValidator(),
            .noDependencyCycle: NoDependencyCycleValidator(),
            .command: CommandValidator(),
        ]
        all.merge(RuntimeValidators.all) { current, _ in current }
        all.merge(IntegrationValidators.all) { current, _ in current }
        return ValidatorRegistry(all)
    }
}
