import Domain
import Foundation
import Git

/// The labels that bind an image to the committed git trees it was built from.
package enum ImageLabel {
    /// Tree id of the service's build context at the commit it was built from.
    package static let context = "io.podserve-gate.context"
    /// Object id of the context of the local base image(s) its Containerfile starts FROM (base-images.yaml).
    package static let baseContext = "io.podserve-gate.base-context"
    /// The service it was built for (informational).
    package static let service = "io.podserve-gate.service"
    /// The workspace that built it (informational: names the other workspace when two share an image name).
    package static let workspace = "io.podserve-gate.workspace"
}

/// What HEAD says a service's image must be built from: the git tree of its committed build context
/// (and of its local base image's recipe), so an image can be judged fresh or stale by its labels alone.
///
/// When the context is the service folder itself (`build: .`), the process files in it — `service.yaml`,
/// `state.yaml`, `checklists/`, `evidence/` and `README.md` — are left out of the tree id and of the
/// build: a transition commit, a ticked checklist or a documentation edit does not make the image stale.
package struct BuildProvenance: Equatable, Sendable {
    /// Process files of a service folder that are never part of its image's build context.
    package static let processFiles: Set<String> = [
        "service.yaml", "state.yaml", "checklists", "evidence", "README.md",
    ]

    package let service: ServiceName
    package let image: String
    /// Repository-relative build context directory.
    package let contextPath: String
    /// The context's tree id in HEAD, as committed (process files left out).
    package let contextTree: String
    /// HEAD's tree at `contextPath`, before leaving anything out: what `build` exports.
    package let sourceTree: OID
    package let excluded: Set<String>
    /// The Containerfile's name inside the context.
    package let containerfile: String
    /// The local base images the Containerfile starts FROM that base-images.yaml knows how to make, with the
    /// object id of each recipe's context in HEAD (nil when the recipe names nothing in the repository).
    package let bases: [Base]
    /// Local images (`localhost/…`) the Containerfile starts FROM that base-images.yaml has no recipe for:
    /// they must exist already, there is no registry to pull them from.
    package var localImagesWithoutRecipe: [String] = []

    /// One local base image and the id of its recipe's context in HEAD.
    package struct Base: Equatable, Sendable {
        package let ref: String
        package let contextID: String?
    }

    /// The base-context label value: `ref=id` per base with a known context, in FROM order; nil when none.
    package var baseContext: String? {
        let parts = bases.compactMap { base in base.contextID.map { "\(base.ref)=\($0)" } }
        return parts.isEmpty ? nil : parts.joined(separator: ",")
    }

    /// The labels `build` puts on the image.
    package func labels(workspace: String) -> [String: String] {
        var labels = [
            ImageLabel.context: contextTree, ImageLabel.service: service.rawValue, ImageLabel.workspace: workspace,
        ]
        if let baseContext { labels[ImageLabel.baseContext] = baseContext }
        return labels
    }

    /// Reads HEAD: nil for a service without `build:` (its image is used as is).
    /// Throws `BuildError.contextNotCommitted` when HEAD has no such directory or no Containerfile in it.
    package static func atHead(workspace: Workspace, service: ServiceName, plan: ServicePlan) throws -> BuildProvenance?
    {
        guard let build = plan.build else { return nil }
        let repo = workspace.repo
        let serviceDir = Workspace.serviceDir(service)
        let contextPath = normalized(serviceDir + "/" + build)
        // A context outside the workspace (absolute, `..`, a link leading out) is refused by name (exit 2).
        _ = try workspace.inside(build, base: serviceDir, field: "\(Workspace.planPath(service)): build")
        if let head = try repo.head().commit { _ = try repo.confinedEntryNames(at: contextPath, in: head) }
        guard let head = try repo.head().commit, let tree = try repo.treeID(at: contextPath, in: head) else {
            throw BuildError.contextNotCommitted(service: service, path: contextPath)
        }
        let excluded = contextPath == serviceDir ? processFiles : []
        let names = try repo.entryNames(at: contextPath, in: head)
        guard let containerfile = ["Containerfile", "Dockerfile"].first(where: names.contains),
            let text = try repo.blob(at: contextPath + "/" + containerfile, in: head)
        else {
            throw BuildError.contextNotCommitted(service: service, path: contextPath + "/Containerfile")
        }
        let recipes = try BaseImages.load(from: workspace).recipes
        let fromImages = BaseImages.fromImages(containerfile: String(decoding: text, as: UTF8.self))
        let bases = fromImages.compactMap { ref -> Base? in
            guard let recipe = recipes[ref] else { return nil }
            return Base(ref: ref, contextID: try? recipe.contextPath.flatMap { try objectID(repo, $0, head) })
        }
        var provenance = BuildProvenance(
            service: service, image: plan.image ?? "localhost/podserve-\(service):latest", contextPath: contextPath,
            contextTree: try repo.treeID(of: tree, excluding: excluded).hex, sourceTree: tree, excluded: excluded,
            containerfile: containerfile, bases: bases)
        provenance.localImagesWithoutRecipe = fromImages.filter { $0.hasPrefix("localhost/") && recipes[$0] == nil }
        return provenance
    }

    /// Whether an image (nil: missing) was built from this context; the reason when it was not.
    package func judge(_ info: ImageInfo?) -> Freshness {
        guard let info else { return .missing }
        guard let found = info.labels[ImageLabel.context], !found.isEmpty else {
            return .stale(
                "it has no \(ImageLabel.context) label (built outside podserve-gate build, or by an older version)")
        }
        let builtBy = info.labels[ImageLabel.workspace].map { " by the workspace at \($0)" } ?? ""
        if found != contextTree {
            return .stale(
                "it was built\(builtBy) from build context \(found.prefix(12)), but HEAD's \(contextPath) is \(contextTree.prefix(12))"
            )
        }
        if let expected = baseContext, info.labels[ImageLabel.baseContext] != expected {
            let had = info.labels[ImageLabel.baseContext] ?? "none"
            return .stale("its base image context is \(had), but HEAD's base-images.yaml recipe context is \(expected)")
        }
        return .fresh
    }

    /// An image judged against HEAD.
    package enum Freshness: Equatable, Sendable {
        case fresh
        case missing
        case stale(String)
    }

    /// A tree's or a file's id at `path` in `commit`.
    static func objectID(_ repo: Repository, _ path: String, _ commit: OID) throws -> String? {
        try (repo.treeID(at: path, in: commit) ?? repo.blobID(at: path, in: commit))?.hex
    }

    /// `services/dns/./image/` → `services/dns/image`; `..` steps are resolved.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." && !part.isEmpty {
            if part == "..", !parts.isEmpty { parts.removeLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}
