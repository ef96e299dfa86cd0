/// The validators a gate file may name: the built-ins of the six default gates, and `command`.
package enum ValidatorKind: String, CaseIterable, Codable, Sendable {
    // planning
    case planComplete = "plan-complete"
    case dependenciesExist = "dependencies-exist"
    case noDependencyCycle = "no-dependency-cycle"
    // isolation
    case imagePresent = "image-present"
    case startsConsistently = "starts-consistently"
    case healthChecks = "health-checks"
    case configRenders = "config-renders"
    case sigterm
    case cleanLogs = "clean-logs"
    case memoryInTarget = "memory-in-target"
    case portsListening = "ports-listening"
    // performance
    case startupTime = "startup-time"
    case memory
    case responseTime = "response-time"
    case throughput
    case restartRecovery = "restart-recovery"
    case soak
    case baselineReport = "baseline-report"
    // integration-planning
    case dependencyOrder = "dependency-order"
    case dependenciesReady = "dependencies-ready"
    case integrationPlanComplete = "integration-plan-complete"
    // combination
    case combinations
    // production
    case docsComplete = "docs-complete"
    case securityReview = "security-review"
    case evidenceFresh = "evidence-fresh"
    /// A declared command (argument array, or a script under `gates/checks/`); exit 0 passes.
    case command

    /// Every kind name, for error messages.
    package static let names: [String] = allCases.map(\.rawValue)

    /// The phase whose default gate runs this kind; nil for `command`, which any gate may use.
    package var phase: Phase? {
        switch self {
        case .planComplete, .dependenciesExist, .noDependencyCycle: return .planning
        case .imagePresent, .startsConsistently, .healthChecks, .configRenders, .sigterm, .cleanLogs, .memoryInTarget,
            .portsListening:
            return .isolation
        case .startupTime, .memory, .responseTime, .throughput, .restartRecovery, .soak, .baselineReport:
            return .performance
        case .dependencyOrder, .dependenciesReady, .integrationPlanComplete: return .integrationPlanning
        case .combinations: return .combination
        case .docsComplete, .securityReview, .evidenceFresh: return .production
        case .command: return nil
        }
    }

    /// The built-in kinds of one phase's default gate, in the order they run.
    package static func builtIns(of phase: Phase) -> [ValidatorKind] {
        allCases.filter { $0.phase == phase }
    }
}
