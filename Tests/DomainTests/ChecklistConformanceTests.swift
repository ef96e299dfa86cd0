import Domain
import Testing

/// A checklist conforms to its gate's template when it holds every template item (text and tag), in any order.
@Suite struct ChecklistConformanceTests {
    static let template = """
        # SERVICE
        - [ ] SERVICE scope written `auto:plan-complete`
        - [ ] Targets reviewed for SERVICE
        - [ ] Dependents reviewed
        - [ ] Dependents reviewed
        """

    func deviations(_ text: String) -> [ChecklistConformance.Deviation] {
        ChecklistConformance.deviations(checklist: text, template: Self.template, service: "dns", phase: .planning)
    }

    @Test func theRenderedTemplateWithTicksExtrasAndAnotherOrderConforms() {
        #expect(
            deviations(ChecklistTemplate.forService(name: "dns", phase: .planning, template: Self.template)).isEmpty)
        let reordered = """
            - [x] Dependents reviewed
              - [X] Targets reviewed for dns
            * [ ] an extra item of our own
            1. [x] Dependents reviewed
            - [x] dns scope written `auto:plan-complete`
            """
        #expect(deviations(reordered).isEmpty)
    }

    @Test func aRemovedRewordedOrUnsubstitutedItemIsMissing() {
        let missing = deviations(
            """
            - [x] dns scope written `auto:plan-complete`
            - [x] Targets reviewed for SERVICE
            - [x] Dependents reviewed
            """)
        // The repeated item needs repeating, and `SERVICE` must be the service's name.
        #expect(missing.map(\.templateItem.text) == ["Targets reviewed for dns", "Dependents reviewed"])
        #expect(missing.map(\.templateItem.line) == [3, 5])
        #expect(missing.allSatisfy { $0.retaggedAs == nil })
        #expect(deviations("").count == 4)
    }

    @Test func aManualItemGivenATagOrATagRemovedIsReTagged() throws {
        let found = deviations(
            """
            - [ ] dns scope written
            - [ ] Targets reviewed for dns `auto:plan-complete`
            - [x] Dependents reviewed
            - [x] Dependents reviewed
            """)
        #expect(found.count == 2)
        let first = try #require(found.first)
        #expect(first.templateItem.autoValidator == "plan-complete")
        #expect(first.retaggedAs?.autoValidator == nil)
        #expect(first.retaggedAs?.line == 1)
        let message = found[1].message(
            checklistPath: "services/dns/checklists/1-planning.md", templateLocation: "gates/1-planning.yaml:12")
        #expect(
            message == "gates/1-planning.yaml:12: template item \"Targets reviewed for dns\" is re-tagged in "
                + "services/dns/checklists/1-planning.md:2: it has `auto:plan-complete` but the template gives no tag (a manual sign-off); "
                + "restore the item as the template writes it")
    }

    @Test func gateFilesRecordWhereTheirTemplateStarts() throws {
        let yaml = DefaultGates.yaml(for: .planning)
        let gate = try GateDefinition.parse(yaml, file: "gates/1-planning.yaml")
        let start = try #require(gate.checklistLocation)
        let lines = yaml.components(separatedBy: "\n")
        let item = try #require(Checklist(text: gate.checklist).manualItems.first)
        let location = ChecklistConformance.templateLocation(
            line: item.line, start: start, gateFile: "gates/1-planning.yaml")
        let fileLine = try #require(Int(location.split(separator: ":").last ?? ""))
        #expect(lines[fileLine - 1].contains(item.text))
        #expect(
            ChecklistConformance.templateLocation(line: 4, start: nil, gateFile: "gates/x.yaml")
                == "gates/x.yaml (checklist template line 4)")
        // An old gate file a stricter parser refuses still yields its template for the audit.
        let old = "phase: planning\nunknown_key: 1\nchecklist: |\n  - [ ] a\n"
        let lenient = try #require(GateDefinition.checklistTemplate(old, file: "gates/1-planning.yaml"))
        #expect(lenient.template == "- [ ] a\n")
        #expect(lenient.location?.line == 4)
    }

    @Test func withoutManualTicksKeepsAutomatedTicksAndEveryOtherByte() {
        let text = "- [x] a `auto:v`\r\n- [X] b\n  - [x] c  \n- [ ] d"
        #expect(Checklist(text: text).withoutManualTicks().text == "- [x] a `auto:v`\r\n- [ ] b\n  - [ ] c  \n- [ ] d")
        #expect(PhaseMachine.signOffsWithdrawn(byReopeningTo: .combination) == [.combination, .production])
    }
}
