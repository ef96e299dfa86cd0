import Domain
import Foundation

/// An integration test script from a member's `integration.tests`, and the services it needs in the pod.
package struct IntegrationTestScript: Equatable, Sendable {
    /// Relative to the repository root.
    package var path: String
    /// The service whose service.yaml lists it.
    package var owner: ServiceName
    /// The owner, every service the file name names (`test-mail-dns.sh` → dns, mail), and their dependencies.
    package var needs: Set<ServiceName>

    package init(path: String, owner: ServiceName, needs: Set<ServiceName>) {
        self.path = path
        self.owner = owner
        self.needs = needs
    }

    /// The services a script's file name names: a service counts when it appears as a dash-separated part
    /// of the name (`test-mail-dns-apache.sh` names mail, dns and apache).
    package static func named(in path: String, services: [ServiceName]) -> Set<ServiceName> {
        let file = (path as NSString).lastPathComponent
        let stem = "-" + ((file as NSString).deletingPathExtension) + "-"
        return Set(services.filter { stem.contains("-\($0)-") })
    }

    /// The tests of the pod's members that can run in it: each needed service is in the pod. Deduplicated by path.
    package static func select(for combination: Combination, tests: [ServiceName: [String]], graph: IntegrationGraph)
        -> [IntegrationTestScript]
    {
        var chosen: [IntegrationTestScript] = []
        var paths: Set<String> = []
        let present = Set(combination.services)
        for owner in combination.services {
            for path in tests[owner] ?? [] where !paths.contains(path) {
                let needs = graph.closure(of: named(in: path, services: graph.services).union([owner]))
                guard needs.isSubset(of: present) else { continue }
                paths.insert(path)
                chosen.append(IntegrationTestScript(path: path, owner: owner, needs: needs))
            }
        }
        return chosen
    }
}
