import Domain
import Testing

@Suite struct PhaseTests {
    @Test func stateNamesAreSpecNames() {
        #expect(
            Phase.allCases.map(\.rawValue) == [
                "planning", "isolation", "performance", "integration-planning", "combination", "production", "ready",
            ])
        #expect(Phase.gated.count == 6)
        #expect(!Phase.gated.contains(.ready))
    }

    @Test func numbersNextAndStems() {
        #expect(Phase.gated.map(\.number) == [1, 2, 3, 4, 5, 6])
        #expect(Phase.ready.number == 7)
        #expect(Phase.production.next == .ready)
        #expect(Phase.ready.next == nil)
        #expect(Phase.isolation.fileStem == "2-isolation")
        #expect(Phase.integrationPlanning.fileStem == "4-integration-planning")
        #expect(Phase.isolation.title == "Phase 2: Isolated Service Development")
        #expect(Phase.planning < Phase.combination)
    }

    @Test func parseRefusesUnknownNamesListingValidOnes() throws {
        #expect(try Phase.parse("integration-planning") == .integrationPlanning)
        let error = #expect(throws: PhaseError.self) { try Phase(parsing: "integrationPlanning") }
        #expect(error == .unknown("integrationPlanning", valid: Phase.stateNames))
        #expect(error?.localizedDescription.contains("planning, isolation, performance") == true)
    }
}
