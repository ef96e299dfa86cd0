import Foundation

/// The validators of the integration gates (phases 4–6) by kind id, for `ValidatorRegistry.builtIn`.
public enum IntegrationValidators {
    public static let all: [String: Validator] = [
        // Phase 4: integration-planning
        "dependency-order": DependencyOrderValidator(),
        "dependencies-ready": DependenciesReadyValidator(),
        "integration-plan-complete": IntegrationPlanCompleteValidator(),
        // Phase 5: combination
        "combinations": CombinationsValidator(),
        // Phase 6: production
        "docs-complete": DocsCompleteValidator(),
        "security-review": SecurityReviewValidator(),
        "evidence-fresh": EvidenceFreshValidator(),
    ]
}
