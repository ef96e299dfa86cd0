import Domain
import Foundation
import Support

/// Builds service images from their `build:` context, making missing local base images first.
public struct ImageBuilder {
    public enum Outcome: Equatable {
        case skipped(imageID: String)
        case built(imageID: String?, seconds: Double)
        case failed(logTail: String, end: String)
    }

    public let workspace: Workspace
    public let containers: ContainerEngine
    public let runner: ProcessRunner
    public let progress: Progress
    public var buildTimeout: TimeInterval = 1800

    public init(workspace: Workspace, containers: ContainerEngine, runner: ProcessRunner, progress: Progress) {
        self.workspace = workspace
        self.containers = containers
        self.runner = runner
        self.progress = progress
    }

    /// Builds one service's image unless it exists (or `rebuild`); a failure is an outcome, not a throw.
    public func build(service: String, plan: ServicePlan, rebuild: Bool) throws -> Outcome {
        let image = plan.image ?? "localhost/podserve-\(service):latest"
        if !rebuild, let info = try containers.imageInfo(image) {
            progress.step("\(service): \(image) exists (\(info.id.prefix(12))), skipped; pass --rebuild to build it again")
            return .skipped(imageID: info.id)
        }
        guard let buildDir = plan.build else { throw BuildError.noBuildContext(service: service) }
        let context = workspace.absolute(Workspace.serviceDir(service) + "/" + buildDir)
        guard let containerfile = ["Containerfile", "Dockerfile"].map({ context + "/" + $0 })
            .first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw BuildError.missingContainerfile(service: service, path: context)
        }
        let text = (try? String(contentsOfFile: containerfile, encoding: .utf8)) ?? ""
        for base in BaseImages.fromImages(containerfile: text) {
            if case .failed(let log, let end) = try ensureBase(base, for: service) { return .failed(logTail: log, end: end) }
        }
        progress.step("\(service): building \(image) from \(Workspace.serviceDir(service))/\(buildDir)")
        let result = try containers.build(context: context, containerfile: containerfile, tag: image, timeout: buildTimeout)
        guard result.succeeded else { return .failed(logTail: result.logTail, end: result.end) }
        let id = try containers.imageInfo(image)?.id
        progress.step("\(service): built \(image) in \(String(format: "%.1f", result.seconds)) s")
        return .built(imageID: id, seconds: result.seconds)
    }

    /// Makes a missing local base image with its recipe from base-images.yaml.
    func ensureBase(_ image: String, for service: String) throws -> Outcome? {
        if try containers.imageInfo(image) != nil { return nil }
        guard let recipe = try BaseImages.load(from: workspace).recipes[image] else {
            // Only local images can be made here; anything else must already exist (there is no registry).
            throw BuildError.baseImageMissing(image: image, service: service)
        }
        progress.step("\(service): base image \(image) is missing; running \(recipe.command.joined(separator: " "))")
        var argv = recipe.command
        if !argv[0].hasPrefix("/") && argv[0].contains("/") { argv[0] = workspace.absolute(argv[0]) }
        // The recipe's own podman calls go to the engine the image is built on.
        let env = ProcessInfo.processInfo.environment.merging(containers.childEnvironment) { _, engine in engine }
        let result = try runner.run(ProcessSpec(argv[0], Array(argv.dropFirst()), environment: env, workingDirectory: workspace.root,
                                                timeout: recipe.timeout, outputLimit: 64 * 1024))
        guard result.succeeded, try containers.imageInfo(image) != nil else {
            return .failed(logTail: result.excerpt(limit: 3000), end: "base image \(image): \(result.endDescription)")
        }
        return nil
    }
}
