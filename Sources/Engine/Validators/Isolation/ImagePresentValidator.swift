import Foundation

/// image-present: the plan's image exists, or is built from `build:`; a failing build's log tail goes
/// into evidence. Records the image id and digest for the run's evidence. In a gate, a missing image is
/// built from HEAD's committed build context (exported) and labelled with its tree ids, like `build` does.
struct ImagePresentValidator: RuntimeCheck, Validator {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        guard try context.containers.imageInfo(context.imageRef) == nil,
            let provenance = try BuildProvenance.atHead(
                workspace: context.workspace, service: context.service,
                plan: context.plan)
        else {
            return try run(context) { _ in }
        }
        let export = FileManager.default.temporaryDirectory
            .appendingPathComponent("podserve-gate-context-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: export) }
        try context.workspace.repo.exportTree(provenance.sourceTree, to: export, excluding: provenance.excluded)
        var outcome = try run(context) { input in
            input.profile.buildContext = export
            input.profile.containerfile = export + "/" + provenance.containerfile
            input.buildLabels = provenance.labels(workspace: context.workspace.root)
        }
        outcome.message = outcome.message.replacingOccurrences(of: export, with: "HEAD's \(provenance.contextPath)")
        return outcome
    }

    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        let ref = input.profile.image
        if let info = try input.engine.imageInfo(ref) {
            input.scratchpad.image = ImageRecord(ref: ref, info: info)
            return .pass("image \(ref) exists (id \(info.id.prefix(12)))", metrics: Self.metrics(info, built: false))
        }
        guard let context = input.profile.buildContext else {
            return .fail(
                "image \(ref) does not exist and service.yaml declares no `build:` context; build the image or add `build: .` with a Containerfile"
            )
        }
        input.progress.step("  image-present: building \(ref) from \(context)")
        let result = try input.engine.build(
            context: context, containerfile: input.profile.containerfile, tag: ref,
            labels: input.buildLabels, timeout: input.timeout ?? 1800)
        guard result.succeeded else {
            return .fail(
                "podman build of \(ref) from \(context) failed (\(result.end)); the log tail is in the output",
                metrics: ["build_seconds": .number(result.seconds)], output: result.logTail)
        }
        guard let info = try input.engine.imageInfo(ref) else {
            return .fail(
                "podman build from \(context) succeeded but \(ref) is still missing: does the Containerfile tag another name?",
                output: result.logTail)
        }
        input.scratchpad.image = ImageRecord(ref: ref, info: info)
        var metrics = Self.metrics(info, built: true)
        metrics["build_seconds"] = .number(result.seconds)
        return .pass(
            "built \(ref) from \(context) in \(RuntimeFormat.seconds(result.seconds)) (id \(info.id.prefix(12)))",
            metrics: metrics, output: result.logTail)
    }

    static func metrics(_ info: ImageInfo, built: Bool) -> [String: MetricValue] {
        var m: [String: MetricValue] = ["image_id": .text(info.id), "built": .number(built ? 1 : 0)]
        if let digest = info.digest { m["digest"] = .text(digest) }
        return m
    }
}
