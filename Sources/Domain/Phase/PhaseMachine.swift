import Foundation

/// The kinds of state change a service can go through (SPEC §2, §4).
package enum TransitionKind: String, Equatable, Sendable {
    case create
    case advance
    case reopen
}

/// A computed state change for the engine to write as a transition commit.
package struct Transition: Equatable, Sendable {
    package let kind: TransitionKind
    /// nil when the service is being created (`Gate-From: none`).
    package let from: Phase?
    package let to: Phase
    /// The reopen reason (the `Gate-Reason` trailer); nil for create and advance.
    package let reason: String?

    package init(kind: TransitionKind, from: Phase?, to: Phase, reason: String? = nil) {
        self.kind = kind
        self.from = from
        self.to = to
        self.reason = reason
    }
}

/// The audit's verdict on a recorded transition: legal (and which kind) or illegal (and why).
package enum TransitionCheck: Equatable, Sendable {
    case legal(TransitionKind)
    case illegal(String)
}

/// The phase machine as a pure transition function: no files, no git, so every rule is tested as data.
package enum PhaseMachine {
    /// A new service starts in `planning`.
    package static func create() -> Transition {
        Transition(kind: .create, from: nil, to: .planning)
    }

    /// The move a passing gate makes: to exactly the next phase.
    package static func advance(from phase: Phase) throws -> Transition {
        guard let next = phase.next else { throw PhaseError.alreadyReady }
        return Transition(kind: .advance, from: phase, to: next)
    }

    /// How error messages name the reopen reason.
    package static let reasonField = "the reopen reason (--reason)"

    /// A move back to a strictly earlier gated phase, which must say why (old evidence no longer holds).
    package static func reopen(from phase: Phase, to target: Phase, reason: String) throws -> Transition {
        guard target.isGated, target < phase else { throw PhaseError.illegalReopen(from: phase, to: target) }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw PhaseError.missingReason(from: phase, to: target) }
        // The reason becomes the Gate-Reason trailer: one printable line, or refused (issue 10).
        let line = try CommitText.line(trimmed, field: reasonField)
        return Transition(kind: .reopen, from: phase, to: target, reason: line)
    }

    /// The phases whose manual sign-offs a reopen to `target` withdraws: `target` and every later gated
    /// phase, so each of them needs a person's tick (a new commit) again before its gate passes.
    package static func signOffsWithdrawn(byReopeningTo target: Phase) -> [Phase] {
        Phase.gated.filter { $0 >= target }
    }

    /// Judges a transition found in history: creation into planning, advance to the next phase, or a reasoned reopen.
    package static func classify(from: Phase?, to: Phase, reason: String?) -> TransitionCheck {
        guard let from else {
            return to == .planning
                ? .legal(.create)
                : .illegal("a service is created in planning, not in \(to.rawValue)")
        }
        if to == from.next { return .legal(.advance) }
        if to == from { return .illegal("\(from.rawValue) -> \(to.rawValue) changes nothing") }
        if to > from {
            let skipped = Phase.allCases.filter { $0 > from && $0 < to }.map(\.rawValue)
            return .illegal(
                "\(from.rawValue) -> \(to.rawValue) skips \(skipped.joined(separator: ", ")); a gate moves only to \(from.next?.rawValue ?? "nothing")"
            )
        }
        let hasReason = !(reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        return hasReason
            ? .legal(.reopen)
            : .illegal("\(from.rawValue) -> \(to.rawValue) goes back without a Gate-Reason; a reopen must say why")
    }
}
