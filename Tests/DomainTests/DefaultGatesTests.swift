import Domain
import Testing

@Suite struct DefaultGatesTests {
    static let expectedIDs: [Phase: [String]] = [
        .planning: ["plan-complete", "dependencies-exist", "no-dependency-cycle"],
        .isolation: [
            "image-present", "starts-consistently", "health-checks", "config-renders", "sigterm", "clean-logs",
            "memory-in-target", "ports-listening",
        ],
        .performance: [
            "startup-time", "memory", "response-time", "throughput", "restart-recovery", "soak", "baseline-report",
        ],
        .integrationPlanning: ["dependency-order", "dependencies-ready", "integration-plan-complete"],
        .combination: ["combinations"],
        .production: ["docs-complete", "security-review", "evidence-fresh"],
    ]

    @Test(arguments: Phase.gated)
    func defaultGateParsesWithItsBuiltIns(phase: Phase) throws {
        let gate = try GateDefinition.parse(DefaultGates.yaml(for: phase), file: "gates/\(phase.fileStem).yaml")
        #expect(gate.phase == phase)
        #expect(gate.title == phase.title)
        #expect(gate.validators.map(\.id) == Self.expectedIDs[phase])
        #expect(gate.validators.map(\.kind) == ValidatorKind.builtIns(of: phase))
        #expect(gate.validators.allSatisfy { $0.id == $0.kind.rawValue })
        #expect(DefaultGates.definition(for: phase) == gate)
    }

    @Test(arguments: Phase.gated)
    func everyValidatorHasAnAutoItemAndManualItemsAreFew(phase: Phase) throws {
        let gate = try #require(DefaultGates.definition(for: phase))
        #expect(gate.validatorsWithoutAutoItem.isEmpty)
        let checklist = Checklist(text: gate.checklist)
        #expect(checklist.autoTagProblems(knownValidators: gate.validators.map(\.id), file: "x").isEmpty)
        #expect(!checklist.manualItems.isEmpty, "a person signs off every phase")
        #expect(checklist.manualItems.count <= 4)
        #expect(checklist.items.allSatisfy { !$0.checked })
        #expect(checklist.items.allSatisfy { $0.depth == 0 })
        #expect(gate.checklist.contains(phase.title))
    }

    @Test(arguments: Phase.gated)
    func renderRoundTrips(phase: Phase) throws {
        let gate = try #require(DefaultGates.definition(for: phase))
        let again = try GateDefinition.parse(try gate.render(), file: "gates/\(phase.fileStem).yaml")
        #expect(again.checklist == gate.checklist)
        #expect(again.validators.map(\.id) == gate.validators.map(\.id))
        #expect(again.validators.map(\.timeout) == gate.validators.map(\.timeout))
        #expect(again.validators.map(\.options) == gate.validators.map(\.options))
    }

    @Test func seedContentIsCarried() throws {
        let isolation = try #require(DefaultGates.definition(for: .isolation)).checklist
        #expect(isolation.contains("Service starts consistently (5/5 attempts) `auto:starts-consistently`"))
        #expect(isolation.contains("SIGTERM"))
        let performance = try #require(DefaultGates.definition(for: .performance))
        #expect(performance.checklist.contains("```markdown"))
        #expect(
            !Checklist(text: performance.checklist).items.contains {
                $0.text.contains("Performance optimization needed")
            },
            "the report template's task lines sit in a fence")
        #expect(performance.validator(id: "soak")?.timeout == .seconds(7200))
        #expect(
            try DefaultGates.definition(for: .isolation)?.validator(id: "starts-consistently")?.int(
                "attempts", default: 0) == 5)
        #expect(DefaultGates.yaml(for: .ready).isEmpty)
        #expect(DefaultGates.definition(for: .ready) == nil)
        #expect(DefaultGates.files.keys.sorted() == Phase.gated.map { "gates/\($0.fileStem).yaml" })
    }

    @Test func checklistForService() {
        let text = ChecklistTemplate.forService(name: "mail", phase: .isolation)
        #expect(text.hasPrefix("# mail — Phase 2: Isolated Service Development\n"))
        #expect(text.contains("localhost/podserve-mail"))
        #expect(!text.contains("SERVICE"))
        #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
        #expect(
            ChecklistTemplate.forService(name: "dns", phase: .planning, template: "- [ ] SERVICE ok")
                == "- [ ] dns ok\n")
        #expect(ChecklistTemplate.forService(name: "dns", phase: .planning, template: "") == "")
        #expect(
            Checklist(text: text).items.count
                == Checklist(text: DefaultGates.definition(for: .isolation)!.checklist).items.count)
    }
}
