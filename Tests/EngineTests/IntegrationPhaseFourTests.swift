import Domain
import Engine
import Foundation
import TestSupport
import Testing

/// Phase 4 validators through their contexts: start order, dependencies past performance, the integration plan.
@Suite("Integration planning validators")
struct IntegrationPhaseFourTests {
    @Test func dependencyOrderGivesTheStartOrderOrNamesTheCycle() throws {
        let fx = try IntegrationFixture()
        fx.add("dns", IntegrationFixture.tinyPlan("img"))
        fx.add("mail", IntegrationFixture.tinyPlan("img", dependsOn: ["dns"]))
        let ok = try fx.run(.dependencyOrder, "mail")
        #expect(ok.status == .pass)
        #expect(ok.message == "start order: dns -> mail")
        fx.add("dns", IntegrationFixture.tinyPlan("img", dependsOn: ["mail"]))
        let loop = try fx.run(.dependencyOrder, "mail")
        #expect(loop.status == .fail)
        #expect(loop.message.hasPrefix("dependency cycle: mail -> dns -> mail"), "\(loop.message)")
    }

    @Test func dependenciesReadyNamesTheDependencyAndItsPhase() throws {
        let fx = try IntegrationFixture()
        fx.add("dns", IntegrationFixture.tinyPlan("img"), phase: .performance)
        fx.add("mail", IntegrationFixture.tinyPlan("img", dependsOn: ["dns"]))
        let early = try fx.run(.dependenciesReady, "mail")
        #expect(early.status == .fail)
        #expect(early.message.contains("dns (in performance, 3/6)"), "\(early.message)")
        fx.phases["dns"] = .ready
        #expect(try fx.run(.dependenciesReady, "mail").status == .pass)
    }

    @Test func integrationPlanNeedsEveryKeyAndExecutableTests() throws {
        let fx = try IntegrationFixture()
        fx.add("dns", IntegrationFixture.tinyPlan("img"))
        var mail = IntegrationFixture.tinyPlan(
            "img", dependsOn: ["dns"], tests: ["tests/test-mail-dns.sh", "tests/missing.sh"])
        mail.integration.shared = nil
        fx.add("mail", mail)
        try fx.sandbox.write("tests/test-mail-dns.sh", "#!/bin/sh\nexit 0\n")
        let outcome = try fx.run(.integrationPlanComplete, "mail")
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("integration.shared"), "\(outcome.message)")
        #expect(outcome.output.contains("tests/test-mail-dns.sh is not executable"), "\(outcome.output)")
        #expect(outcome.output.contains("tests/missing.sh does not exist"), "\(outcome.output)")
        mail.integration.shared = []
        mail.integration.tests = ["tests/test-mail-dns.sh"]
        fx.add("mail", mail)
        #expect(chmod(fx.sandbox.root + "/tests/test-mail-dns.sh", 0o755) == 0)
        let ok = try fx.run(.integrationPlanComplete, "mail")
        #expect(ok.status == .pass, "\(ok.message)")
    }
}
