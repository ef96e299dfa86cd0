import Domain
import Foundation

/// The runtime validators (phases 2 and 3) by the kind gate files name them (Domain's `ValidatorKind`).
package enum RuntimeValidators {
    /// The implementation of a runtime kind; nil for kinds of other phases.
    static func check(for kind: ValidatorKind) -> (RuntimeCheck & Validator)? {
        switch kind {
        case .imagePresent: return ImagePresentValidator()
        case .startsConsistently: return StartsConsistentlyValidator()
        case .healthChecks: return HealthChecksValidator()
        case .configRenders: return ConfigRendersValidator()
        case .sigterm: return SigtermValidator()
        case .cleanLogs: return CleanLogsValidator()
        case .memoryInTarget: return MemoryInTargetValidator()
        case .portsListening: return PortsListeningValidator()
        case .startupTime: return StartupTimeValidator()
        case .memory: return MemoryValidator()
        case .responseTime: return ResponseTimeValidator()
        case .throughput: return ThroughputValidator()
        case .restartRecovery: return RestartRecoveryValidator()
        case .soak: return SoakValidator()
        case .baselineReport: return BaselineReportValidator()
        case .planComplete, .dependenciesExist, .noDependencyCycle, .dependencyOrder, .dependenciesReady,
            .integrationPlanComplete, .combinations, .docsComplete, .securityReview, .evidenceFresh, .command:
            return nil
        }
    }

    /// Their logic, driven by a `RuntimeInput` (tests use this directly).
    package static let checks: [String: RuntimeCheck] = Dictionary(
        uniqueKeysWithValues: ValidatorKind.allCases.compactMap { kind in check(for: kind).map { (kind.rawValue, $0) } }
    )

    /// Every runtime validator keyed by its kind id, for `ValidatorRegistry`.
    package static let all: [ValidatorKind: Validator] = Dictionary(
        uniqueKeysWithValues: ValidatorKind.allCases.compactMap { kind in check(for: kind).map { (kind, $0) } })
}
