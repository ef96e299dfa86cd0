import Domain
import Testing

@Suite struct StateFileTests {
    @Test func renderAndParseRoundTrip() throws {
        for phase in Phase.allCases {
            let text = StateFile.render(phase)
            #expect(text.hasSuffix("phase: \(phase.rawValue)\n"))
            #expect(try StateFile.parse(text, file: "services/mail/state.yaml") == phase)
        }
        #expect(
            StateFile.render(.isolation)
                == "# written by podserve-gate; change it with podserve-gate advance/reopen\nphase: isolation\n")
        #expect(try StateFile.parse("phase: isolation", file: "s") == .isolation)
    }

    @Test func badValueNamesFileLineColumn() {
        let error = #expect(throws: StateFileError.self) {
            try StateFile.parse("# c\nphase: finished\n", file: "services/mail/state.yaml")
        }
        #expect(
            error
                == .invalidPhase(
                    file: "services/mail/state.yaml", line: 2, column: 8, value: "finished", valid: Phase.stateNames))
        #expect(error?.localizedDescription.hasPrefix("services/mail/state.yaml:2:8:") == true)
    }

    @Test func otherProblems() {
        #expect(throws: StateFileError.missingPhase(file: "s")) { try StateFile.parse("", file: "s") }
        #expect(throws: StateFileError.unknownKey(file: "s", line: 1, column: 1, key: "state")) {
            try StateFile.parse("state: planning\n", file: "s")
        }
        #expect(throws: StateFileError.missingPhase(file: "s")) { try StateFile.parse("# only a comment\n", file: "s") }
        let syntax = #expect(throws: StateFileError.self) { try StateFile.parse("phase: [planning\n", file: "s") }
        guard case .syntax(_, let line, _, _)? = syntax else { Issue.record("expected syntax error"); return }
        #expect(line == 2)
        #expect(throws: StateFileError.self) { try StateFile.parse("phase: [planning]\n", file: "s") }
    }
}
