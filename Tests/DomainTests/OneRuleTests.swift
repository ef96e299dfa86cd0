import Domain
import Foundation
import Testing
import Yams

/// Issue 15, part 4: each rule has one home in Domain; these pin the rule itself, the callers use it.
@Suite struct OneRuleTests {
    // MARK: Units: one parser, a bare number only where the caller says so

    @Test(arguments: [("2", 2.0), ("0.5", 0.5), ("500ms", 0.5), ("2s", 2), ("1m", 60), ("1h", 3600)])
    func aBareNumberIsSecondsOnlyWhenAsked(text: String, seconds: Double) throws {
        #expect(try DurationValue(parsing: text, bareNumber: .baseUnit).seconds == seconds)
        if Double(text) != nil {
            #expect(throws: UnitError.self) { try DurationValue(parsing: text) }
            #expect(throws: UnitError.self) { try DurationValue(parsing: text, bareNumber: .refused) }
        }
    }

    /// Podman's `mem_usage` spellings read through the same parser as a plan's `memory: 64MiB`.
    @Test(arguments: [
        ("438.3kB", Int64(438_300)), ("12B", 12), ("12", 12), ("1.5MiB", 1_572_864), ("25.28GB", 25_280_000_000),
        ("0B", 0),
    ])
    func podmanSizesReadThroughByteSize(text: String, bytes: Int64) throws {
        #expect(try ByteSize(parsing: text, bareNumber: .baseUnit).bytes == bytes)
    }

    @Test(arguments: ["-1", "-5s", "1e3", "abc", "", "5 parsecs", "2S"])
    func theBaseUnitOptionAcceptsNothingElse(text: String) {
        #expect(throws: UnitError.self) { try DurationValue(parsing: text, bareNumber: .baseUnit) }
    }

    @Test func aBareSizeIsStillRefusedInPlans() {
        #expect(throws: UnitError.self) { try ByteSize(parsing: "100") }
        #expect(throws: UnitError.self) { try ByteSize(parsing: "-1", bareNumber: .baseUnit) }
    }

    // MARK: Dependency graph: built from plans in one place

    @Test func theGraphOfPlansCountsPlanlessServicesAndPrefersTheJudgedPlan() throws {
        let plans: [ServiceName: ServicePlan] = [
            "dns": ServicePlan(dependsOn: []), "mail": ServicePlan(dependsOn: ["dns"]),
        ]
        let graph = DependencyGraph(
            servicePlans: plans, services: ["dns", "mail", "broken"], service: "dns",
            plan: ServicePlan(dependsOn: ["mail"]))
        #expect(graph.services == ["broken", "dns", "mail"])
        #expect(graph.edges["broken"] == [])
        // The work-tree plan of dns (depends on mail) wins over the committed one: a cycle.
        #expect(graph.cycle(through: "dns") == ["dns", "mail", "dns"])
        #expect(DependencyGraph(servicePlans: plans).cycle() == nil)
    }

    @Test func theReachableGraphLoadsOnlyWhatTheWalkReaches() throws {
        let all: [ServiceName: ServicePlan] = [
            "a": ServicePlan(dependsOn: ["b"]), "b": ServicePlan(dependsOn: ["c", "gone"]),
            "c": ServicePlan(dependsOn: ["a"]), "unrelated": ServicePlan(dependsOn: ["a"]),
        ]
        var loaded: [ServiceName] = []
        let (graph, plans) = DependencyGraph.reachable(from: "a", plan: all["a"]!) { name in
            loaded.append(name)
            return all[name]
        }
        #expect(Set(plans.keys) == ["a", "b", "c"])
        #expect(!loaded.contains("unrelated"))
        #expect(loaded.filter { $0 == "gone" }.count == 1)
        #expect(graph.cycle(through: "a") == ["a", "b", "c", "a"])
    }

    // MARK: YAML written by hand: one quoting rule

    @Test(arguments: [
        "ops: #1", "say \"hi\"", "two\nlines", "# comment", "- item", "*alias", "&anchor", "yes", "null",
        "", "  padded  ", "x:", "'single'", "back\\slash", "{a: b}", "[1]", "%TAG", "@at", "`tick`", "ünïcode",
        "Ada <ada@example.org>", "12", "1e3", "tab\there", "0x1F", "0o17", "2001-12-14", ".inf", "~", "<<",
        ":x", "a:b", "1_000", "=", "ops", "security", "-", "?", "!tag", "|", ">",
    ])
    func everyHostileValueReadsBackAsWritten(value: String) throws {
        let document = "role: \(YAMLText.scalar(value))\nlast: \(YAMLText.quoted(value))\n"
        let loaded = try #require(try Yams.load(yaml: document) as? [String: Any], "\(document)")
        #expect(loaded["role"] as? String == value, "\(document)")
        #expect(loaded["last"] as? String == value, "\(document)")
        #expect(loaded.count == 2, "\(document)")
    }

    @Test func ordinaryValuesStayPlain() {
        for value in ["security", "localhost/podserve-dns:latest", "8080/tcp", "ada@example.org", "web-proxy", "a:b"] {
            #expect(YAMLText.scalar(value) == value)
        }
    }

    // MARK: Options: one type from the gate file to the validators

    @Test func aListOptionPrintsAsWrittenAndIsNoScalar() {
        let value = OptionValue.list(["ERROR", "panic:"])
        #expect(value.description == "[ERROR, panic:]")
        #expect(value.int == nil && value.double == nil && value.bool == nil && value.duration == nil)
    }

    // MARK: Trailers: one vocabulary

    @Test func trailerKeysShareTheirPrefixes() {
        for key in TrailerKey.allCases where key != .signedOffBy {
            #expect(key.rawValue.hasPrefix(TrailerKey.gatePrefix), "\(key)")
        }
        #expect(TrailerKey.allCases.filter { $0.rawValue.hasPrefix(TrailerKey.waiverPrefix) }.count == 8)
        #expect(TrailerKey.service.line("dns") == "Gate-Service: dns")
        #expect(TrailerKey.service.marker == "Gate-Service:")
    }
}
