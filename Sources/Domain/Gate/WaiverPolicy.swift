/// Whether a validator may be waived, for how long at most, and whose approvals a waiver needs first.
///
/// A gate file says so per validator: `waivable: false`, or `waiver: {max_days: N, approvals: {…}}`.
/// Unstated, the planning and production gates forbid waivers (a plan or a production review with a
/// known gap is no plan or review) and the other gates allow them for at most `defaultMaxDays` days.
package struct WaiverPolicy: Equatable, Sendable {
    /// The longest waiver a gate allows when it names no `max_days`.
    package static let defaultMaxDays = 30

    package var allowed: Bool
    /// Expiry at most this many days after the waiver's own commit day.
    package var maxDays: Int
    /// M-of-N approvals (`approve <svc> --waiver <id>`) a waiver needs before `waive` writes it and before it counts.
    package var approvals: Approvals?

    package init(allowed: Bool, maxDays: Int = WaiverPolicy.defaultMaxDays, approvals: Approvals? = nil) {
        self.allowed = allowed
        self.maxDays = maxDays
        self.approvals = approvals
    }

    package static let forbidden = WaiverPolicy(allowed: false)
}

extension GateDefinition {
    /// The waiver policy of validator `id`: the gate file's own words, else the phase's default.
    package func waiverPolicy(for id: String) -> WaiverPolicy {
        if let stated = validator(id: id)?.waiver { return stated }
        guard validator(id: id) != nil else { return .forbidden }
        switch phase {
        case .planning, .production, .ready: return .forbidden
        case .isolation, .performance, .integrationPlanning, .combination: return WaiverPolicy(allowed: true)
        }
    }
}
