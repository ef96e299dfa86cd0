import Domain
import Foundation

/// Maps each validator kind a gate file may name to its implementation.
package struct ValidatorRegistry {
    private var byKind: [ValidatorKind: Validator]

    package init(_ byKind: [ValidatorKind: Validator]) { self.byKind = byKind }

    package func validator(for kind: ValidatorKind) -> Validator? { byKind[kind] }

    package mutating func register(_ kind: ValidatorKind, _ validator: Validator) { byKind[kind] = validator }

    /// Every built-in validator of the six default gates.
    package static var builtIn: ValidatorRegistry {
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
