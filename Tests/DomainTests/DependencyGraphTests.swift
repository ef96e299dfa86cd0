import Domain
import Testing

@Suite struct DependencyGraphTests {
    let graph = DependencyGraph(plans: [
        "dns": [], "mail": ["dns", "ldap"], "web": ["dns"], "webmail": ["web", "mail"],
    ])

    @Test func missingAndDependents() {
        #expect(graph.missing(for: "mail") == ["ldap"])
        #expect(graph.missing(for: "web") == [])
        #expect(graph.dependents(of: "dns") == ["mail", "web"])
        #expect(graph.dependents(of: "webmail") == [])
    }

    @Test func topologicalOrderPutsDependenciesFirst() throws {
        let order = try graph.topologicalOrder()
        #expect(order == ["dns", "mail", "web", "webmail"])
        #expect(graph.cycle() == nil)
    }

    @Test func cycleIsNamedAsAPath() throws {
        let cyclic = DependencyGraph(plans: ["a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]])
        #expect(cyclic.cycle() == ["a", "b", "c", "a"])
        #expect(cyclic.cycle(through: "b") == ["b", "c", "a", "b"])
        #expect(cyclic.cycle(through: "d") == nil)
        let error = #expect(throws: DependencyError.self) { try cyclic.topologicalOrder() }
        #expect(error == .cycle(["a", "b", "c", "a"]))
        #expect(error?.localizedDescription.contains("a -> b -> c -> a") == true)
    }

    @Test func selfDependencyIsACycle() {
        let graph = DependencyGraph(["a": ["a"]])
        #expect(graph.cycle() == ["a", "a"])
        #expect(graph.cycle(through: "a") == ["a", "a"])
    }
}
