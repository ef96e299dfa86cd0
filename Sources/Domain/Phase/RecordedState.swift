/// A state as a trailer or a history row records it: `none` (before `new`), a phase, or text this version does
/// not know. History outlives the tool that wrote it (and may be forged), so it is never forced into `Phase`:
/// every reader says what an unknown state means.
package enum RecordedState: Hashable, Sendable, RecordedText {
    case none
    case phase(Phase)
    case unrecognized(String)

    package init(_ text: String) {
        if text == "none" {
            self = .none
        } else if let phase = Phase(rawValue: text) {
            self = .phase(phase)
        } else {
            self = .unrecognized(text)
        }
    }

    /// The state as history spells it.
    package var text: String {
        switch self {
        case .none: return "none"
        case .phase(let phase): return phase.rawValue
        case .unrecognized(let text): return text
        }
    }

    /// The phase, when the state is one.
    package var phase: Phase? {
        if case .phase(let phase) = self { return phase }
        return nil
    }
}
