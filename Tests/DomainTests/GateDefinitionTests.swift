import Domain
import Testing

@Suite struct GateDefinitionTests {
    static let gate = """
        phase: isolation
        title: Custom isolation
        validators:
          - id: starts-consistently
            with: {attempts: 5, grace: 10s, strict: true, label: "5"}
          - id: lint-config
            kind: command
            command: [gates/checks/lint-config.sh, --strict]
            timeout: 30s
            retries: 2
        approvals: {role: operations, required: 1, approvers: ["Ada <ada@example.org>"]}
        checklist: |
          - [ ] starts `auto:starts-consistently`
          - [ ] lint `auto:lint-config`
          - [ ] manual
        """

    @Test func parsesValidatorsOptionsAndApprovals() throws {
        let gate = try GateDefinition.parse(Self.gate, file: "gates/2-isolation.yaml")
        #expect(gate.phase == .isolation)
        #expect(gate.title == "Custom isolation")
        #expect(gate.validators.map(\.id) == ["starts-consistently", "lint-config"])
        let starts = try #require(gate.validator(id: "starts-consistently"))
        #expect(starts.kind == .startsConsistently)
        #expect(starts.timeout == ValidatorSpec.defaultTimeout)
        #expect(starts.timeout.formatted == "5m")
        #expect(starts.retries == 0)
        #expect(
            starts.options == [
                "attempts": .number(5), "grace": .string("10s"), "strict": .bool(true), "label": .string("5"),
            ])
        #expect(try starts.int("attempts", default: 3) == 5)
        #expect(try starts.int("missing", default: 3) == 3)
        #expect(try starts.duration("grace", default: .seconds(1)) == .seconds(10))
        #expect(starts.location == SourceLocation(file: "gates/2-isolation.yaml", line: 4, column: 5))
        let error = #expect(throws: GateDefinitionError.self) { try starts.int("grace", default: 1) }
        #expect(error?.localizedDescription.contains("gates/2-isolation.yaml:4:5") == true)
        #expect(error?.localizedDescription.contains("with.grace is '10s'") == true)
        let lint = try #require(gate.validator(id: "lint-config"))
        #expect(lint.kind == .command)
        #expect(lint.command == ["gates/checks/lint-config.sh", "--strict"])
        #expect(lint.scriptPath == "gates/checks/lint-config.sh")
        #expect(lint.timeout == .seconds(30))
        #expect(lint.retries == 2)
        #expect(gate.approvals == Approvals(role: "operations", required: 1, approvers: ["Ada <ada@example.org>"]))
        #expect(gate.validatorsWithoutAutoItem.isEmpty)
        #expect(Checklist(text: gate.checklist).items.count == 3)
    }

    @Test func renderRoundTrips() throws {
        let gate = try GateDefinition.parse(Self.gate, file: "gates/2-isolation.yaml")
        let again = try GateDefinition.parse(try gate.render(), file: "gates/2-isolation.yaml")
        #expect(again.phase == gate.phase && again.title == gate.title && again.checklist == gate.checklist)
        #expect(again.approvals == gate.approvals)
        #expect(
            again.validators.map {
                [$0.id, $0.kind.rawValue, "\($0.command ?? [])", $0.timeout.formatted, "\($0.retries)"]
            }
                == gate.validators.map {
                    [$0.id, $0.kind.rawValue, "\($0.command ?? [])", $0.timeout.formatted, "\($0.retries)"]
                })
        #expect(again.validators.map(\.options) == gate.validators.map(\.options))
    }

    @Test func unknownKindListsKnownKinds() {
        let text = "phase: planning\nvalidators:\n  - id: x\n    kind: lint\n"
        let error = #expect(throws: GateDefinitionError.self) {
            try GateDefinition.parse(text, file: "gates/1-planning.yaml")
        }
        #expect(
            error
                == .unknownKind(
                    file: "gates/1-planning.yaml", line: 4, column: 11, keyPath: "validators[0].kind",
                    value: "lint", known: ValidatorKind.names))
        let message = error?.localizedDescription ?? ""
        #expect(message.hasPrefix("gates/1-planning.yaml:4:11:"))
        #expect(message.contains("plan-complete") && message.contains("command"))
    }

    @Test func phaseMustMatchFileName() {
        let error = #expect(throws: GateDefinitionError.self) {
            try GateDefinition.parse("phase: performance\n", file: "gates/2-isolation.yaml")
        }
        #expect(
            error
                == .phaseMismatch(
                    file: "gates/2-isolation.yaml", line: 1, column: 8, declared: "performance",
                    expectedFile: "gates/3-performance.yaml"))
        #expect(throws: GateDefinitionError.self) {
            try GateDefinition.parse("phase: ready\n", file: "gates/7-ready.yaml")
        }
    }

    @Test func malformedYAMLGivesLineAndColumn() {
        let error = #expect(throws: GateDefinitionError.self) {
            try GateDefinition.parse(
                "phase: planning\nvalidators:\n  - id: a\n   kind: b\n", file: "gates/1-planning.yaml")
        }
        guard case .syntax(let file, let line, let column, _)? = error else {
            Issue.record("expected syntax, got \(String(describing: error))"); return
        }
        #expect(file == "gates/1-planning.yaml")
        #expect(line == 4)
        #expect(column > 0)
    }

    @Test func otherMistakesAreNamed() {
        let cases: [(String, (GateDefinitionError) -> Bool)] = [
            (
                "validators: []\n",
                {
                    if case .missingKey(_, _, _, "phase", _) = $0 { return true }; return false
                }
            ),
            (
                "phase: planning\nvalidator: []\n",
                {
                    if case .unknownKey(_, 2, 1, "validator", "validator", _) = $0 { return true }; return false
                }
            ),
            (
                "phase: planning\nvalidators:\n  - {id: a, kind: command}\n",
                {
                    if case .missingKey(_, _, _, "validators[0].command", _) = $0 { return true }; return false
                }
            ),
            (
                "phase: planning\nvalidators:\n  - {id: soak, command: [x]}\n",
                {
                    if case .invalidValue(_, _, _, "validators[0].command", _, _) = $0 { return true }; return false
                }
            ),
            (
                "phase: planning\nvalidators:\n  - {id: soak, timout: 5m}\n",
                {
                    if case .unknownKey(_, _, _, "validators[0].timout", "timout", _) = $0 { return true }; return false
                }
            ),
            (
                "phase: planning\nvalidators:\n  - {id: soak, timeout: 5}\n",
                {
                    if case .invalidValue(_, _, _, "validators[0].timeout", "5", _) = $0 { return true }; return false
                }
            ),
            (
                "phase: planning\nvalidators:\n  - {id: soak, retries: -1}\n",
                {
                    if case .invalidValue(_, _, _, "validators[0].retries", _, _) = $0 { return true }; return false
                }
            ),
            (
                "phase: planning\nvalidators:\n  - {id: soak}\n  - {id: soak}\n",
                {
                    if case .duplicateValidator(_, 4, 5, "soak") = $0 { return true }; return false
                }
            ),
            (
                "phase: planning\nvalidators:\n  - {id: lint}\n",
                {
                    if case .missingKey(_, _, _, "validators[0].kind", _) = $0 { return true }; return false
                }
            ),
            (
                "phase: planning\nvalidators:\n  - {id: Bad}\n",
                {
                    if case .invalidValue(_, _, _, "validators[0].id", "Bad", _) = $0 { return true }; return false
                }
            ),
            (
                "phase: planning\napprovals: {role: ops, required: 3, approvers: [a]}\n",
                {
                    if case .invalidValue(_, _, _, "approvals.required", "3", _) = $0 { return true }; return false
                }
            ),
        ]
        for (text, matches) in cases {
            let error = #expect(throws: GateDefinitionError.self, "\(text)") {
                try GateDefinition.parse(text, file: "gates/1-planning.yaml")
            }
            if let error { #expect(matches(error), "\(text) gave \(error)") }
        }
    }

    @Test func autoTagNamingNoValidatorPointsAtItsLine() {
        let text =
            "phase: planning\nvalidators:\n  - id: plan-complete\nchecklist: |\n  # T\n  - [ ] ok `auto:plan-complete`\n  - [ ] typo `auto:plan-compete`\n"
        let error = #expect(throws: GateDefinitionError.self) {
            try GateDefinition.parse(text, file: "gates/1-planning.yaml")
        }
        #expect(
            error
                == .unknownAutoValidator(
                    file: "gates/1-planning.yaml", line: 7, column: 14, id: "plan-compete", known: ["plan-complete"]))
    }
}
