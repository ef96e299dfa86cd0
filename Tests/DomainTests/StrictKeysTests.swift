import Domain
import Testing

/// Issue 9 part 8: an unknown key in service.yaml, state.yaml or a gate file is an error at its position,
/// with the key it most likely meant.
@Suite struct StrictKeysTests {
    @Test func aTypoedDependsOnIsRefusedWithASuggestion() {
        let text = "name: mail\nscope: x\ndependson: [dns]\n"
        let error = #expect(throws: PlanError.self) { try ServicePlan.parse(text, file: "services/mail/service.yaml") }
        #expect(
            error
                == .unknownKey(
                    file: "services/mail/service.yaml", line: 3, column: 1, keyPath: "dependson", key: "dependson",
                    known: ServicePlan.knownKeys))
        #expect(
            error?.localizedDescription.hasPrefix(
                "services/mail/service.yaml:3:1: unknown key 'dependson' at dependson (did you mean `depends_on`?)")
                == true)
    }

    @Test func nestedUnknownKeysAreRefusedToo() {
        let cases: [(String, String, String?)] = [
            ("targets: {startup: 5s, memroy: 100MB}\n", "targets.memroy", "memory"),
            ("health:\n  livenes: {command: [a], timeout: 1s}\n", "health.livenes", "liveness"),
            ("health:\n  liveness: {command: [a], timeout: 1s, retries: 3}\n", "health.liveness.retries", nil),
            ("security: {capabilities: [{name: CAP_X, resaon: y}]}\n", "security.capabilities[0].resaon", "reason"),
            ("owner: ops\n", "owner", nil),
        ]
        for (text, keyPath, suggestion) in cases {
            let error = #expect(throws: PlanError.self, "\(text)") { try ServicePlan.parse(text, file: "s.yaml") }
            guard case .unknownKey(_, _, _, let path, _, _)? = error else {
                Issue.record("\(text): expected an unknown key, got \(String(describing: error))")
                continue
            }
            #expect(path == keyPath)
            let message = error?.localizedDescription ?? ""
            if let suggestion {
                #expect(message.contains("did you mean `\(suggestion)`?"), "\(message)")
            } else {
                #expect(!message.contains("did you mean"), "\(message)")
            }
        }
    }

    @Test func freeFormMappingsStayFree() throws {
        let plan = try ServicePlan.parse("config: {env: {ANY_NAME: 1, other: x}}\n", file: "s.yaml")
        #expect(plan.config?.env == ["ANY_NAME": "1", "other": "x"])
    }

    @Test func stateFileHoldsOnlyPhase() {
        let error = #expect(throws: StateFileError.self) {
            try StateFile.parse("phase: planning\nphas: x\n", file: "services/a/state.yaml")
        }
        #expect(error == .unknownKey(file: "services/a/state.yaml", line: 2, column: 1, key: "phas"))
        #expect(error?.localizedDescription.contains("did you mean `phase`?") == true)
    }

    @Test func gateFilesSuggestTheKeyTheyMeant() {
        let text = "phase: planning\nvalidators:\n  - {id: plan-complete, timout: 5s}\n"
        let error = #expect(throws: GateDefinitionError.self) {
            try GateDefinition.parse(text, file: "gates/1-planning.yaml")
        }
        guard case .unknownKey(_, 3, _, let keyPath, "timout", _)? = error else {
            Issue.record("expected unknown key timout, got \(String(describing: error))")
            return
        }
        #expect(keyPath == "validators[0].timout")
        #expect(error?.localizedDescription.contains("did you mean `timeout`?") == true)
    }

    @Test func suggestionsAreConservative() {
        #expect(KeySuggestion.closest(to: "dependson", in: ServicePlan.knownKeys) == "depends_on")
        #expect(KeySuggestion.closest(to: "Depends-On", in: ServicePlan.knownKeys) == "depends_on")
        #expect(KeySuggestion.closest(to: "imgae", in: ServicePlan.knownKeys) == "image")
        #expect(KeySuggestion.closest(to: "port", in: ServicePlan.knownKeys) == "ports")
        #expect(KeySuggestion.closest(to: "owner", in: ServicePlan.knownKeys) == nil)
        #expect(KeySuggestion.closest(to: String(repeating: "z", count: 10_000), in: ServicePlan.knownKeys) == nil)
    }
}
