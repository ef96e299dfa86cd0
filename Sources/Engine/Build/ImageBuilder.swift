import Domain
import Foundation
import Support

/// Builds service images from their `build:` context, making missing local base images first.
package struct ImageBuilder {
    package enum Outcome: Equatable {
        /// An image built from HEAD's context exists.
        case skipped(imageID: String)
        /// The service has no `build:`; its existing image is used as is.
        case usedAsIs(imageID: String)
        /// `stale` says why an existing image was replaced (nil when there was none).
        case built(imageID: String?, seconds: Double, stale: String?)
        case failed(logTail: String, end: String)
    }

    package let workspace: Workspace
    package let containers: ContainerEngine
    package let runner: ProcessRunner
    package let progress: Progress
    package var buildTimeout: TimeInterval = 1800

    package init(workspace: Workspace, containers: ContainerEngine, runner: ProcessRunner, progress: Progress) {
        self.workspace = workspace
        self.containers = containers
        self.runner = runner
        self.progress = progress
    }

    /// Builds one service's image from HEAD's committed build context unless an image built from that very
    /// context exists (or `rebuild`); a stale image (other context tree, no label) is always rebuilt.
    /// A failure is an outcome, not a throw.
    package func build(service: ServiceName, plan: ServicePlan, rebuild: Bool) throws -> Outcome {
        let image = plan.image ?? "localhost/podserve-\(service):latest"
        let current = try containers.imageInfo(image)
        guard let provenance = try BuildProvenance.atHead(workspace: workspace, service: service, plan: plan) else {
            // No `build:`: the image is used as is.
            if !rebuild, let current {
                progress.step(
                    "\(service): \(image) exists (\(current.id.prefix(12))) and has no build: context; used as is")
                return .usedAsIs(imageID: current.id)
            }
            throw BuildError.noBuildContext(service: service)
        }
        if try contextIsDirty(provenance) {
            progress.step(
                "\(service): note: \(provenance.contextPath) has uncommitted changes; they are not in the image (built from HEAD), commit them, then build"
            )
        }
        var reason: String?
        switch provenance.judge(current) {
        case .fresh:
            if !rebuild, let current {
                progress.step(
                    "\(service): \(image) (\(current.id.prefix(12))) is built from HEAD's \(provenance.contextPath), skipped; pass --rebuild to build it again"
                )
                return .skipped(imageID: current.id)
            }
        case .missing: break
        case .stale(let why):
            reason = why
            progress.step("\(service): \(image) is stale: \(why); rebuilding")
        }
        // A local base without a recipe must exist: podman would try to pull it from a registry at localhost,
        // retry, and fail with a message about a registry; say what is missing instead (environment, exit 3).
        for image in provenance.localImagesWithoutRecipe where try containers.imageInfo(image) == nil {
            throw BuildError.baseImageMissing(image: image, service: service)
        }
        for base in provenance.bases {
            let previous = current?.labels[ImageLabel.baseContext]
            if case .failed(let log, let end) = try ensureBase(base, for: service, previous: previous) {
                return .failed(logTail: log, end: end)
            }
        }
        let export = FileManager.default.temporaryDirectory.appendingPathComponent(
            "podserve-gate-context-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: export) }
        try workspace.repo.exportTree(provenance.sourceTree, to: export, excluding: provenance.excluded)
        progress.step(
            "\(service): building \(image) from HEAD's \(provenance.contextPath) (tree \(provenance.contextTree.prefix(12)))"
        )
        let result = try containers.build(
            context: export, containerfile: export + "/" + provenance.containerfile, tag: image,
            labels: provenance.labels(workspace: workspace.root), timeout: buildTimeout)
        guard result.succeeded else { return .failed(logTail: result.logTail, end: result.end) }
        let id = try containers.imageInfo(image)?.id
        progress.step("\(service): built \(image) in \(String(format: "%.1f", result.seconds)) s")
        return .built(imageID: id, seconds: result.seconds, stale: reason)
    }

    /// Whether the work tree's build context differs from HEAD's, process files (checklist ticks…) aside.
    func contextIsDirty(_ provenance: BuildProvenance) throws -> Bool {
        let repo = workspace.repo
        guard !provenance.excluded.isEmpty else { return try repo.isDirty(path: provenance.contextPath) }
        let onDisk =
            (try? FileManager.default.contentsOfDirectory(atPath: workspace.absolute(provenance.contextPath))) ?? []
        let committed = try repo.head().commit.map { try repo.entryNames(at: provenance.contextPath, in: $0) } ?? []
        return try Set(onDisk + committed).subtracting(provenance.excluded).contains {
            try repo.isDirty(path: provenance.contextPath + "/" + $0)
        }
    }

    /// Makes a local base image with its recipe from base-images.yaml when it is missing or stale: labelled with
    /// another recipe context than HEAD's, or (unlabelled, made outside the tool) when the service image being
    /// replaced was built on another base context. A base made here is labelled with its recipe context.
    func ensureBase(_ base: BuildProvenance.Base, for service: ServiceName, previous: String?) throws -> Outcome? {
        let image = base.ref
        let existing = try containers.imageInfo(image)
        if let existing {
            guard let expected = base.contextID else { return nil }
            let label = existing.labels[ImageLabel.context]
            let fresh =
                label.map { $0 == expected }
                ?? (previous.map { $0.split(separator: ",").contains(Substring("\(image)=\(expected)")) } ?? true)
            if fresh { return nil }
            progress.step(
                "\(service): base image \(image) was not made from HEAD's recipe context \(expected.prefix(12)); remaking it"
            )
        }
        guard let recipe = try BaseImages.load(from: workspace).recipes[image] else {
            // Only local images can be made here; anything else must already exist (there is no registry).
            throw BuildError.baseImageMissing(image: image, service: service)
        }
        // The recipe may skip an existing image, so the stale one loses its name first (restored on failure).
        if existing != nil { try containers.untag(image) }
        progress.step(
            "\(service): base image \(image) is \(existing == nil ? "missing" : "stale"); running \(recipe.command.joined(separator: " "))"
        )
        var argv = recipe.command
        argv[0] = try workspace.program(argv[0], field: "\(BaseImages.path): \(image) command")
        // The recipe's own podman calls go to the engine the image is built on.
        let env = ProcessInfo.processInfo.environment.merging(containers.childEnvironment) { _, engine in engine }
        let result = try runner.run(
            ProcessSpec(
                argv[0], Array(argv.dropFirst()), environment: env, workingDirectory: workspace.root,
                timeout: recipe.timeout, outputLimit: 64 * 1024))
        guard result.succeeded, try containers.imageInfo(image) != nil else {
            if let existing, try containers.imageInfo(image) == nil { try? containers.tag(existing.id, as: image) }
            return .failed(logTail: result.excerpt(limit: 3000), end: "base image \(image): \(result.endDescription)")
        }
        if let id = base.contextID { return try labelBase(image, contextID: id) }
        return nil
    }

    /// Puts the recipe's context id on a freshly made base image (a LABEL-only build on top of it, same name).
    func labelBase(_ image: String, contextID: String) throws -> Outcome? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "podserve-gate-base-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("FROM \(image)\n".utf8).write(to: URL(fileURLWithPath: dir + "/Containerfile"))
        let result = try containers.build(
            context: dir, containerfile: dir + "/Containerfile", tag: image,
            labels: [ImageLabel.context: contextID], timeout: 300)
        guard result.succeeded else {
            return .failed(logTail: result.logTail, end: "labelling base image \(image): \(result.end)")
        }
        return nil
    }
}
