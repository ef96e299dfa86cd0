import Domain
import Testing

@Suite struct PlanningProblemsTests {
    @Test func templateParsesAndFailsPlanningUntilFilled() throws {
        let text = ServicePlan.template(
            name: "mail", image: "localhost/podserve-mail:latest", dependsOn: ["dns", "web"])
        let plan = try ServicePlan.parse(text, file: "services/mail/service.yaml")
        #expect(plan.name == "mail")
        #expect(plan.image == "localhost/podserve-mail:latest")
        #expect(plan.dependsOn == ["dns", "web"])
        #expect(plan.targets.soak == .seconds(3600))
        let paths = plan.planningProblems(folder: "mail").map(\.keyPath)
        #expect(
            paths == [
                "scope", "ports", "data", "config.env",
                "health.liveness.command", "health.liveness.timeout", "health.readiness.command",
                "health.readiness.timeout",
                "targets.startup", "targets.memory", "targets.response",
                "testing.unit", "testing.integration", "testing.performance", "testing.failure",
            ])
        for key in ServicePlan.knownKeys where !["security", "load", "clean_logs"].contains(key) {
            #expect(text.contains("\n\(key):"), "template lacks \(key)")
        }
    }

    @Test func templateQuotesOddImagesAndHandlesNoDependencies() throws {
        let text = ServicePlan.template(name: "web", image: "registry.example:5000/web # x", dependsOn: [])
        let plan = try ServicePlan.parse(text, file: "s.yaml")
        #expect(plan.image == "registry.example:5000/web # x")
        #expect(plan.dependsOn == [])
    }

    @Test func problemsCarryKeyPathFixAndLocation() throws {
        let text = "name: mail\nscope: \"  \"\ntargets:\n  startup: 5s\n"
        let plan = try ServicePlan.parse(text, file: "services/mail/service.yaml")
        let problems = plan.planningProblems(folder: "mail")
        let scope = try #require(problems.first { $0.keyPath == "scope" })
        #expect(scope.location == SourceLocation(file: "services/mail/service.yaml", line: 2, column: 8))
        let memory = try #require(problems.first { $0.keyPath == "targets.memory" })
        #expect(memory.location?.line == 4)
        #expect(memory.fix.contains("100MB"))
        #expect(memory.description.contains("targets.memory: is missing"))
    }

    @Test func nameMustEqualFolder() throws {
        let plan = try ServicePlan.parse("name: mail\n", file: "s.yaml")
        #expect(plan.planningProblems(folder: "post").first?.message.contains("services/post") == true)
        #expect(ServicePlan().planningProblems().first?.keyPath == "name")
    }

    @Test func explicitEmptyDataAndEnvAreAnswers() throws {
        let plan = try ServicePlan.parse("name: web\ndata: []\nconfig: {env: {}}\n", file: "s.yaml")
        let paths = plan.planningProblems(folder: "web").map(\.keyPath)
        #expect(!paths.contains("data"))
        #expect(!paths.contains("config.env"))
    }

    @Test func integrationProblems() throws {
        let plan = try ServicePlan.parse(
            "depends_on: [dns]\nintegration: {communication: [], failure: []}\n", file: "s.yaml")
        #expect(
            plan.integrationPlanningProblems().map(\.keyPath) == [
                "integration.communication", "integration.shared", "integration.failure", "integration.tests",
            ])
    }
}
