import Domain
import Foundation
import Git

/// What a gate judged, by git object id, recorded in evidence so `verify` can recompute it from the
/// transition's parent (`inputs-mismatch`): ids are reproducible on any clone, image ids are not.
package struct EvidenceInputs: Codable, Equatable, Sendable {
    /// The commit whose tree was judged (informative: the transition may land on a newer parent).
    package var commit: String
    /// `services/<svc>` without `evidence/` and `state.yaml`: the plan, checklists, build context, scripts.
    package var service: String
    /// `gates/`, the gate files and `gates/checks/` (nil when the commit had none).
    package var gates: String?
    /// The build context folder the plan names (`build:`), when it declares one.
    package var buildContext: String?
    /// Other paths the plan names and the gate runs (integration tests, load programs, base-images.yaml):
    /// path -> blob or tree id, "-" when absent.
    package var paths: [String: String]

    enum CodingKeys: String, CodingKey {
        case commit, service, gates, paths
        case buildContext = "build_context"
    }

    /// The entries of the service folder that a transition writes and so are not inputs.
    package static let serviceOutputs: Set<String> = ["evidence", "state.yaml"]

    /// Computes the inputs of `service` at `commit` from its tree; `plan` names the extra paths.
    package static func compute(repo: Repository, commit: OID, service: ServiceName, plan: ServicePlan?) throws
        -> EvidenceInputs
    {
        let serviceDir = Workspace.serviceDir(service)
        let serviceTree = try repo.treeID(at: serviceDir, in: commit, excluding: serviceOutputs)
        var paths: [String: String] = [:]
        for path in namedPaths(service: service, plan: plan) + dependencyPlans(repo: repo, commit: commit, plan: plan) {
            paths[path] = try repo.objectID(at: path, in: commit)?.hex ?? "-"
        }
        return EvidenceInputs(
            commit: commit.hex, service: serviceTree?.hex ?? "-",
            gates: try repo.treeID(at: Workspace.gatesDir, in: commit)?.hex,
            buildContext: try buildContextPath(service: service, plan: plan).flatMap {
                try repo.treeID(at: $0, in: commit)?.hex
            },
            paths: paths)
    }

    /// The inputs that differ between two recordings, by name, for messages.
    package func differences(from other: EvidenceInputs) -> [String] {
        var names: [String] = []
        if service != other.service { names.append("services/<svc> (plan, checklists, build context)") }
        if gates != other.gates { names.append(Workspace.gatesDir) }
        if buildContext != other.buildContext { names.append("build context") }
        for path in Set(paths.keys).union(other.paths.keys).sorted() where paths[path] != other.paths[path] {
            names.append(path)
        }
        return names
    }

    /// The plans of the service's dependency closure at `commit` (what the planning gate's dependency and
    /// cycle checks read): a dependency's plan changed while the gate ran changes the verdict too.
    static func dependencyPlans(repo: Repository, commit: OID, plan: ServicePlan?) -> [String] {
        var seen: Set<ServiceName> = []
        var queue = plan?.dependsOn ?? []
        while let next = queue.popLast() {
            guard seen.insert(next).inserted else { continue }
            let path = Workspace.planPath(next)
            if let data = try? repo.blob(at: path, in: commit),
                let parsed = try? ServicePlan.parse(String(decoding: data, as: UTF8.self), file: path)
            {
                queue += parsed.dependsOn
            }
        }
        return seen.sorted().map(Workspace.planPath)
    }

    /// The repository-relative build context folder, when the plan declares `build:`.
    package static func buildContextPath(service: ServiceName, plan: ServicePlan?) -> String? {
        guard let build = plan?.build else { return nil }
        let joined = build == "." ? Workspace.serviceDir(service) : "\(Workspace.serviceDir(service))/\(build)"
        return joined.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    /// Paths outside the service folder that the gate reads or runs: base-images.yaml, integration tests and
    /// the load program given as a path (each with its folder, which tests source helpers from).
    package static func namedPaths(service: ServiceName, plan: ServicePlan?) -> [String] {
        var paths: Set<String> = ["base-images.yaml"]
        var programs = plan?.integration.tests ?? []
        if let load = plan?.load?.command.first, load.contains("/") { programs.append(load) }
        for program in programs where !program.hasPrefix("/") {
            let normalized = program.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
            guard !normalized.isEmpty, !normalized.hasPrefix(Workspace.serviceDir(service) + "/") else { continue }
            let folder = (normalized as NSString).deletingLastPathComponent
            paths.insert(folder.isEmpty ? normalized : folder)
        }
        return paths.sorted()
    }

    /// Every path an `advance` must find equal to HEAD before it runs (the service folder, gates, named paths).
    package static func sealedPrefixes(service: ServiceName, plan: ServicePlan?) -> [String] {
        [Workspace.serviceDir(service), Workspace.gatesDir] + namedPaths(service: service, plan: plan)
    }
}
