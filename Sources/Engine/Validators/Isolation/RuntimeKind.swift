import Foundation

/// The validator kinds of the runtime gates (phases 2 and 3), as gate files name them.
public enum RuntimeKind: String, CaseIterable, Sendable {
    // Phase 2: isolation
    case imagePresent = "image-present"
    case startsConsistently = "starts-consistently"
    case healthChecks = "health-checks"
    case configRenders = "config-renders"
    case sigterm
    case cleanLogs = "clean-logs"
    case memoryInTarget = "memory-in-target"
    // Phase 3: performance
    case startupTime = "startup-time"
    case memory
    case responseTime = "response-time"
    case throughput
    case restartRecovery = "restart-recovery"
    case soak
    case baselineReport = "baseline-report"

    /// The implementation of each kind.
    public var check: RuntimeCheck {
        switch self {
        case .imagePresent: return ImagePresentValidator()
        case .startsConsistently: return StartsConsistentlyValidator()
        case .healthChecks: return HealthChecksValidator()
        case .configRenders: return ConfigRendersValidator()
        case .sigterm: return SigtermValidator()
        case .cleanLogs: return CleanLogsValidator()
        case .memoryInTarget: return MemoryInTargetValidator()
        case .startupTime: return StartupTimeValidator()
        case .memory: return MemoryValidator()
        case .responseTime: return ResponseTimeValidator()
        case .throughput: return ThroughputValidator()
        case .restartRecovery: return RestartRecoveryValidator()
        case .soak: return SoakValidator()
        case .baselineReport: return BaselineReportValidator()
        }
    }
}

/// The runtime validators by kind id, for the gate runner's registry.
public enum RuntimeValidators {
    /// Their logic, driven by a `RuntimeInput` (tests use this directly).
    public static let checks: [String: RuntimeCheck] = Dictionary(
        uniqueKeysWithValues: RuntimeKind.allCases.map { ($0.rawValue, $0.check) })
}
