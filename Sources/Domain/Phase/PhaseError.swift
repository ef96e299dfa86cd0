import Foundation

/// Why a phase name or a phase transition was refused.
package enum PhaseError: Error, Equatable, LocalizedError {
    /// A string that is no state name.
    case unknown(String, valid: [String])
    /// `advance` on a service that is already `ready`.
    case alreadyReady
    /// A reopen that does not go strictly back to an earlier gated phase.
    case illegalReopen(from: Phase, to: Phase)
    /// A reopen without a reason (the reason becomes the `Gate-Reason` trailer).
    case missingReason(from: Phase, to: Phase)

    package var errorDescription: String? {
        switch self {
        case .unknown(let value, let valid):
            return "unknown phase '\(value)'; use one of: \(valid.joined(separator: ", "))"
        case .alreadyReady:
            return
                "the service is already ready: there is no gate left to pass (use reopen to go back to an earlier phase)"
        case .illegalReopen(let from, let to):
            let earlier = Phase.gated.filter { $0 < from }.map(\.rawValue)
            let options =
                earlier.isEmpty ? "none: \(from.rawValue) is the first phase" : earlier.joined(separator: ", ")
            return
                "cannot reopen from \(from.rawValue) to \(to.rawValue): reopen only moves back to an earlier phase (\(options)); use advance to move forward"
        case .missingReason(let from, let to):
            return
                "reopen from \(from.rawValue) to \(to.rawValue) needs a reason: pass --reason \"why the old evidence no longer holds\""
        }
    }
}
