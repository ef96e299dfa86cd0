/// The six phases of the seed guide plus `ready`, named by their fixed SPEC §2 state names.
package enum Phase: String, CaseIterable, Codable, Sendable, Comparable, CustomStringConvertible {
    case planning
    case isolation
    case performance
    case integrationPlanning = "integration-planning"
    case combination
    case production
    case ready

    /// The phases that have a gate, in order (every phase but `ready`).
    package static let gated: [Phase] = [
        .planning, .isolation, .performance, .integrationPlanning, .combination, .production,
    ]

    /// Every state name, for error messages that list the valid values.
    package static let stateNames: [String] = allCases.map(\.rawValue)

    /// Parses a state name, naming the valid ones when it is not one of them.
    package static func parse(_ value: String) throws -> Phase {
        try Phase(parsing: value)
    }

    /// Parses a state name (`integration-planning`, not `integrationPlanning`), so a typo is refused with the list.
    package init(parsing value: String) throws {
        guard let phase = Phase(rawValue: value) else {
            throw PhaseError.unknown(value, valid: Phase.stateNames)
        }
        self = phase
    }

    /// The phase's position: 1…6 for the gated phases, 7 for `ready`, so boards can show "n/6".
    package var number: Int {
        switch self {
        case .planning: return 1
        case .isolation: return 2
        case .performance: return 3
        case .integrationPlanning: return 4
        case .combination: return 5
        case .production: return 6
        case .ready: return 7
        }
    }

    /// The phase a passing gate moves to; nil for `ready`, which has no gate.
    package var next: Phase? {
        switch self {
        case .planning: return .isolation
        case .isolation: return .performance
        case .performance: return .integrationPlanning
        case .integrationPlanning: return .combination
        case .combination: return .production
        case .production: return .ready
        case .ready: return nil
        }
    }

    /// The seed guide's section title, so reports point at the text a person can read.
    package var title: String {
        switch self {
        case .planning: return "Phase 1: Service Planning and Design"
        case .isolation: return "Phase 2: Isolated Service Development"
        case .performance: return "Phase 3: Performance Baseline and Validation"
        case .integrationPlanning: return "Phase 4: Integration Planning"
        case .combination: return "Phase 5: Service Combination and Testing"
        case .production: return "Phase 6: Production Readiness"
        case .ready: return "Ready"
        }
    }

    /// The stem of the phase's gate, checklist and evidence files (`2-isolation`); `ready` has none of them.
    package var fileStem: String {
        "\(number)-\(rawValue)"
    }

    /// Whether this phase has a gate (all but `ready`).
    package var isGated: Bool {
        switch self {
        case .planning, .isolation, .performance, .integrationPlanning, .combination, .production: return true
        case .ready: return false
        }
    }

    /// Phases order by their position in the process, so "earlier" means a smaller number.
    package static func < (lhs: Phase, rhs: Phase) -> Bool {
        lhs.number < rhs.number
    }

    package var description: String { rawValue }
}
