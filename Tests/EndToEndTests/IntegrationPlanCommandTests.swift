import Foundation
import TestSupport
import Testing

/// `podserve-gate plan` as a user runs it: the start order and the combinations phase 5 will run.
@Suite(.blocking) struct IntegrationPlanCommandTests {
    /// dns, mail → dns, apache → dns; dns and mail past performance, apache still in performance.
    func workspace() throws -> GitSandbox {
        let ws = try GitSandbox.workspace()
        #expect(try ws.gate("new", "dns").status == 0)
        #expect(try ws.gate("new", "mail", "--depends-on", "dns").status == 0)
        #expect(try ws.gate("new", "apache", "--depends-on", "dns").status == 0)
        try ws.write("services/dns/state.yaml", "phase: ready\n")
        try ws.write("services/mail/state.yaml", "phase: integration-planning\n")
        try ws.write("services/apache/state.yaml", "phase: performance\n")
        for (name, deps) in [("dns", [String]()), ("mail", ["dns"]), ("apache", ["dns"])] {
            var plan = GitSandbox.completePlan(name, dependsOn: deps)
            if name == "mail" {
                plan = plan.replacingOccurrences(
                    of: "  tests: []",
                    with: "  tests: [tests/integration/test-mail-dns.sh, tests/integration/test-mail-dns-apache.sh]")
            }
            try ws.write("services/\(name)/service.yaml", plan)
        }
        return ws
    }

    @Test func planShowsStartOrderCombinationsAndTests() throws {
        let ws = try workspace()
        defer { ws.remove() }
        let result = try ws.gate("plan", "mail")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("start order: dns -> mail"), "\(result.stdout)")
        let pairLine = result.stdout.split(separator: "\n").first { $0.contains("pair") }.map(String.init) ?? ""
        #expect(
            pairLine.contains("dns + mail") && pairLine.hasSuffix("tests/integration/test-mail-dns.sh"),
            "\(result.stdout)")
        #expect(!result.stdout.contains("apache"), "apache is not past performance: \(result.stdout)")

        let all = try ws.gate("plan")
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stdout.hasPrefix("start order: dns -> apache -> mail"), "\(all.stdout)")
        #expect(all.stdout.contains("waiting for (not past performance): apache (performance)"), "\(all.stdout)")

        try ws.write("services/apache/state.yaml", "phase: combination\n")
        let json = try ws.gate("plan", "mail", "--format", "json")
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let services = try #require(object["services"] as? [[String: Any]])
        let combos = try #require(services.first?["combinations"] as? [[String: Any]])
        #expect(combos.map { $0["kind"] as? String } == ["pair", "triplet"])
        #expect(combos.last?["services"] as? [String] == ["dns", "apache", "mail"])
        #expect(
            combos.last?["tests"] as? [String] == [
                "tests/integration/test-mail-dns.sh", "tests/integration/test-mail-dns-apache.sh",
            ])
    }

    @Test func planRefusesAnUnknownServiceAndNamesACycle() throws {
        let ws = try workspace()
        defer { ws.remove() }
        let unknown = try ws.gate("plan", "nosuch")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown service 'nosuch'"), "\(unknown.stderr)")
        try ws.write("services/dns/service.yaml", GitSandbox.completePlan("dns", dependsOn: ["mail"]))
        let cycle = try ws.gate("plan", "mail")
        #expect(cycle.status == 2)
        #expect(cycle.stderr.contains("dependency cycle: mail -> dns -> mail"), "\(cycle.stderr)")
    }
}
