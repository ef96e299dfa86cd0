import Domain
import Testing

/// Gate files' `waivable:`, `waiver:` and `effective:` keys, the per-phase defaults, and calendar days.
@Suite struct WaiverPolicyTests {
    static func gate(_ phase: String, file: String, _ validator: String) -> String {
        """
        phase: \(phase)
        validators:
          - id: lint
            kind: command
            command: [gates/checks/lint.sh]
        \(validator.split(separator: "\n").map { "    \($0)" }.joined(separator: "\n"))
          - id: other
            kind: command
            command: [gates/checks/lint.sh]
        checklist: |
          - [ ] lint `auto:lint`
        """
    }

    @Test func waiverSettingsEffectiveDatesAndDefaults() throws {
        let text = Self.gate(
            "isolation", file: "",
            """
            waiver: {max_days: 14, approvals: {role: qa, required: 2, approvers: [a@x.org, b@x.org]}}
            effective: 2027-01-31
            """)
        let gate = try GateDefinition.parse(text, file: "gates/2-isolation.yaml")
        let lint = try #require(gate.validator(id: "lint"))
        #expect(lint.effective == CalendarDay(parsing: "2027-01-31"))
        #expect(
            gate.waiverPolicy(for: "lint")
                == WaiverPolicy(
                    allowed: true, maxDays: 14,
                    approvals: Approvals(role: "qa", required: 2, approvers: ["a@x.org", "b@x.org"])))
        // Unstated: allowed for 30 days in isolation, forbidden in planning and production; unknown ids never.
        #expect(gate.waiverPolicy(for: "other") == WaiverPolicy(allowed: true, maxDays: 30))
        #expect(gate.waiverPolicy(for: "nope") == .forbidden)
        let planning = try GateDefinition.parse(
            Self.gate("planning", file: "", "retries: 0"), file: "gates/1-planning.yaml")
        #expect(planning.waiverPolicy(for: "lint") == .forbidden)
        let allowed = try GateDefinition.parse(
            Self.gate("planning", file: "", "waivable: true"), file: "gates/1-planning.yaml")
        #expect(allowed.waiverPolicy(for: "lint") == WaiverPolicy(allowed: true))
        let forbidden = try GateDefinition.parse(
            Self.gate("isolation", file: "", "waivable: false"), file: "gates/2-isolation.yaml")
        #expect(forbidden.waiverPolicy(for: "lint") == .forbidden)
        // The renderer writes the keys back so the definition reads back equal.
        #expect(
            try GateDefinition.parse(try gate.render(), file: "gates/2-isolation.yaml").validators.map(\.waiver)
                == gate.validators.map(\.waiver))
        #expect(
            try GateDefinition.parse(try forbidden.render(), file: "gates/2-isolation.yaml").waiverPolicy(for: "lint")
                == .forbidden)
    }

    @Test func badWaiverKeysAreLocatedErrors() throws {
        let cases: [(String, String)] = [
            ("effective: 2027-02-30", "validators[0].effective is '2027-02-30', expected a date YYYY-MM-DD"),
            ("effective: tomorrow", "validators[0].effective is 'tomorrow'"),
            ("waivable: maybe", "validators[0].waivable is 'maybe', expected true or false"),
            ("waiver: {max_days: 0}", "validators[0].waiver.max_days is '0'"),
            ("waiver: {max_dayz: 3}", "unknown key 'max_dayz' at validators[0].waiver.max_dayz"),
            (
                "waivable: false\nwaiver: {max_days: 3}",
                "validators[0].waivable is 'false', expected true (or remove `waiver:`)"
            ),
            (
                "waiver: {approvals: {role: qa, required: 3, approvers: [a@x.org]}}",
                "validators[0].waiver.approvals.required is '3'"
            ),
        ]
        for (settings, message) in cases {
            let error = #expect(throws: GateDefinitionError.self) {
                try GateDefinition.parse(Self.gate("isolation", file: "", settings), file: "gates/2-isolation.yaml")
            }
            let text = error?.errorDescription ?? ""
            #expect(text.hasPrefix("gates/2-isolation.yaml:"), "\(text)")
            #expect(text.contains(message), "\(settings): \(text)")
        }
    }

    @Test func calendarDaysAreStrictUTCDays() throws {
        #expect(CalendarDay(parsing: "2026-02-29") == nil)
        #expect(CalendarDay(parsing: "2028-02-29")?.description == "2028-02-29")
        #expect(CalendarDay(parsing: "2026-1-05") == nil)
        #expect(CalendarDay(parsing: "2026-01-05T00:00") == nil)
        let day = try #require(CalendarDay(parsing: "2026-12-31"))
        #expect(day.adding(days: 1).description == "2027-01-01")
        #expect(day.days(until: try #require(CalendarDay(parsing: "2027-01-30"))) == 30)
        #expect(CalendarDay(day.start.addingTimeInterval(86_399)) == day)
    }
}
