import Domain
import Foundation

/// `export kube`: the Pod YAML of a set of services, written by the same `PodSpec` phase 5 runs, for
/// `kubectl apply` or `podman kube play`. It reads the work tree (like `check`) and ignores phases: the export is
/// the pod of the services named (`full`: every service of the workspace), closed over their dependencies.
package struct KubeExport {
    /// The selection meaning every service of the workspace.
    package static let full = "full"
    /// Kubernetes label values (and so the pod label) hold at most 63 characters.
    static let maxNameLength = 63

    package let workspace: Workspace
    /// Asked only whether each image sets PATH (phase 5 gives images without one the default PATH); nil or an
    /// engine that cannot answer leaves the images as they are.
    package let containers: ContainerEngine?

    package init(workspace: Workspace, containers: ContainerEngine?) {
        self.workspace = workspace
        self.containers = containers
    }

    /// The pod for `selection` (`full`, or services joined with `+` such as `dns+mail`, as `plan` names them).
    package func pod(_ selection: String = KubeExport.full) throws -> PodSpec {
        let catalog = Catalog(source: WorkTreeSource(workspace))
        let known = try catalog.serviceNames()
        guard !known.isEmpty else { throw ExportError.noServices }
        let named: [ServiceName]
        if selection == Self.full {
            named = known
        } else {
            named = try selection.split(separator: "+", omittingEmptySubsequences: false).map { part in
                do { return try catalog.requireService(String(part)) } catch {
                    throw ExportError.unknownService(selection: selection, service: String(part), known: known)
                }
            }
        }
        // Every plan the pod needs must parse: a broken plan is reported with its location, never skipped.
        var plans: [ServiceName: ServicePlan] = [:]
        var queue = named
        while let next = queue.popLast() {
            guard plans[next] == nil else { continue }
            guard known.contains(next) else { throw ExportError.missingDependency(service: next, known: known) }
            let plan = try catalog.plan(of: next)
            plans[next] = plan
            queue += plan.dependsOn
        }
        let graph = IntegrationGraph(plans: plans)
        let services = try graph.startOrder(of: graph.closure(of: Set(named)))
        let combination = services.joined(separator: "+")
        return PodSpec.of(
            services: services, plans: plans, name: Self.podName(services),
            labels: [
                "app.kubernetes.io/name": "podserve", "app.kubernetes.io/managed-by": "podserve-gate",
            ], withoutPath: withoutPath(services, plans: plans),
            annotations: [
                "podserve-gate/combination": combination, "podserve-gate/version": ToolInfo.version,
            ])
    }

    /// `podserve-dns-mail`; a name too long for a label value becomes `podserve-<n>-services-<hash>`.
    static func podName(_ services: [ServiceName]) -> String {
        let plain = (["podserve"] + services.map(\.rawValue)).joined(separator: "-")
        guard plain.count > maxNameLength else { return plain }
        var hash: UInt32 = 2_166_136_261
        for byte in plain.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return "podserve-\(services.count)-services-\(String(hash, radix: 16))"
    }

    /// Services whose image exists and sets no PATH: phase 5's rule, asked of the same engine.
    func withoutPath(_ services: [ServiceName], plans: [ServiceName: ServicePlan]) -> Set<ServiceName> {
        guard let containers else { return [] }
        return Set(
            services.filter { service in
                let ref = PodMember.imageRef(service: service, plan: plans[service] ?? ServicePlan())
                guard let info = try? containers.imageInfo(ref) else { return false }
                return PodSpec.lacksPath(info)
            })
    }
}

/// Why `export kube` cannot write a pod; each names the value and the fix.
package enum ExportError: Error, LocalizedError, Equatable {
    case noServices
    /// `service` is the part of the selection as typed: it may be no valid name at all (`dns+Mail`).
    case unknownService(selection: String, service: String, known: [ServiceName])
    case missingDependency(service: ServiceName, known: [ServiceName])

    package var errorDescription: String? {
        switch self {
        case .noServices:
            return "no services to export; create one with `podserve-gate new <name>`"
        case .unknownService(let selection, let service, let known):
            return
                "--combination \(selection): '\(service)' is not a service (known: \(known.joined(separator: ", "))); "
                + "pass `full` or services joined with `+`, e.g. `\(known.prefix(2).joined(separator: "+"))`"
        case .missingDependency(let service, let known):
            return "a plan depends on '\(service)', which is not a service (known: \(known.joined(separator: ", "))); "
                + "fix its depends_on or create it with `podserve-gate new \(service)`"
        }
    }
}
