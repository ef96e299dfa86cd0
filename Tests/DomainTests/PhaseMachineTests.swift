import Domain
import Testing

@Suite struct PhaseMachineTests {
    @Test func createStartsInPlanning() {
        #expect(PhaseMachine.create() == Transition(kind: .create, from: nil, to: .planning))
    }

    @Test func advanceGoesToExactlyTheNextPhase() throws {
        for phase in Phase.gated {
            let transition = try PhaseMachine.advance(from: phase)
            #expect(transition.kind == .advance)
            #expect(transition.to == phase.next)
        }
        #expect(throws: PhaseError.alreadyReady) { try PhaseMachine.advance(from: .ready) }
    }

    @Test func reopenOnlyGoesStrictlyBackWithAReason() throws {
        let transition = try PhaseMachine.reopen(from: .production, to: .isolation, reason: "  image changed \n")
        #expect(transition == Transition(kind: .reopen, from: .production, to: .isolation, reason: "image changed"))
        #expect(try PhaseMachine.reopen(from: .ready, to: .combination, reason: "x").to == .combination)
        #expect(throws: PhaseError.illegalReopen(from: .isolation, to: .performance)) {
            try PhaseMachine.reopen(from: .isolation, to: .performance, reason: "x")
        }
        #expect(throws: PhaseError.illegalReopen(from: .isolation, to: .isolation)) {
            try PhaseMachine.reopen(from: .isolation, to: .isolation, reason: "x")
        }
        #expect(throws: PhaseError.illegalReopen(from: .planning, to: .planning)) {
            try PhaseMachine.reopen(from: .planning, to: .planning, reason: "x")
        }
        #expect(throws: PhaseError.missingReason(from: .combination, to: .planning)) {
            try PhaseMachine.reopen(from: .combination, to: .planning, reason: " \t\n")
        }
    }

    @Test func classifyJudgesHistory() {
        #expect(PhaseMachine.classify(from: nil, to: .planning, reason: nil) == .legal(.create))
        #expect(PhaseMachine.classify(from: .planning, to: .isolation, reason: nil) == .legal(.advance))
        #expect(PhaseMachine.classify(from: .production, to: .ready, reason: nil) == .legal(.advance))
        #expect(PhaseMachine.classify(from: .combination, to: .isolation, reason: "digest changed") == .legal(.reopen))
        for (from, to, reason) in [
            (nil, Phase.isolation, nil),
            (Phase.planning, Phase.performance, nil),
            (Phase.isolation, Phase.isolation, "x"),
            (Phase.combination, Phase.isolation, nil),
            (Phase.combination, Phase.isolation, "   "),
            (Phase.ready, Phase.ready, nil),
        ] as [(Phase?, Phase, String?)] {
            guard case .illegal(let why) = PhaseMachine.classify(from: from, to: to, reason: reason) else {
                Issue.record("\(String(describing: from)) -> \(to) should be illegal")
                continue
            }
            #expect(!why.isEmpty)
        }
    }
}
