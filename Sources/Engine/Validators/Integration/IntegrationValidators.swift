import Domain
import Foundation

/// The validators of the integration gates (phases 4–6) by kind id, for `ValidatorRegistry.builtIn`.
package enum IntegrationValidators {
    package static let all: [ValidatorKind: Validator] = [
        // Phase 4: integration-planning
        .dependencyOrder: DependencyOrderValidator(),
        .dependenciesReady: DependenciesReadyValidator(),
        .integrationPlanComplete: IntegrationPlanCompleteValidator(),
        // Phase 5: combination
        .combinations: CombinationsValidator(),
        // Phase 6: production
        .docsComplete: DocsCompleteValidator(),
        .securityReview: SecurityReviewValidator(),
        .evidenceFresh: EvidenceFreshValidator(),
    ]
}
