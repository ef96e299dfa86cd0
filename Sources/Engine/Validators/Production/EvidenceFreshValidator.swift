import Domain
import Foundation

/// evidence-fresh: the images the phase-5 evidence at HEAD judged — the service's own and every combination
/// member's — are still what HEAD builds. Evidence that records build-context tree ids (`image.context_tree`,
/// `c<n>.context.<svc>`) is compared by tree id with HEAD's committed build context, so a fresh machine that
/// rebuilds the same commit agrees (image ids are not reproducible; tree ids are). Older evidence, and
/// services without `build:`, are compared by image id with the local images, as before.
struct EvidenceFreshValidator: Validator {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        let path = Workspace.evidencePath(context.service, .combination)
        guard let head = try context.workspace.repo.head().commit,
            let evidence = try Catalog(source: CommitSource(repo: context.workspace.repo, commit: head))
                .evidence(of: context.service, phase: .combination)
        else {
            return .fail("no phase-5 evidence at HEAD (\(path)): pass the combination gate first")
        }
        let recorded = Self.recordedImages(evidence, service: context.service)
        let trees = Self.recordedContexts(evidence, service: context.service)
        guard !recorded.isEmpty || !trees.isEmpty else {
            return .fail(
                "\(path) at HEAD records no image ids; run the combination gate again (`podserve-gate reopen \(context.service) --to combination`)"
            )
        }
        var stale: [String] = []
        var byTree: [String] = []
        for key in Set(recorded.keys).union(trees.keys).sorted() {
            // The evidence's metric keys are text read back from a commit: one that is no service name is stale.
            guard let service = ServiceName(rawValue: key) else {
                stale.append("\(key) (phase-5 evidence names no valid service)")
                continue
            }
            let plan = service == context.service ? context.plan : (context.plans[service] ?? ServicePlan())
            let ref =
                service == context.service && evidence.image?.ref != nil
                ? evidence.image!.ref : PodMember.imageRef(service: service, plan: plan)
            if let tree = trees[key],
                let provenance = try BuildProvenance.atHead(workspace: context.workspace, service: service, plan: plan)
            {
                byTree.append(key)
                if provenance.contextTree != tree {
                    stale.append(
                        "\(service) (HEAD's build context \(provenance.contextPath) is \(Self.short(provenance.contextTree)), phase-5 evidence judged \(Self.short(tree)))"
                    )
                }
                if service == context.service, let current = try context.containers.imageInfo(ref) {
                    context.scratchpad.image = ImageRecord(ref: ref, info: current)
                }
                continue
            }
            guard let id = recorded[key] else { continue }
            guard let current = try context.containers.imageInfo(ref) else {
                stale.append("\(service) (image \(ref) no longer exists; evidence has \(Self.short(id)))")
                continue
            }
            if !Self.same(current.id, id) {
                stale.append(
                    "\(service) (image \(ref) is now \(Self.short(current.id)), phase-5 evidence has \(Self.short(id)))"
                )
            }
            if service == context.service {
                context.scratchpad.image = ImageRecord(ref: ref, info: current)
            }
        }
        let names = Set(recorded.keys).union(trees.keys).sorted()
        let metrics: [String: MetricValue] = [
            "stale": .number(Double(stale.count)), "images": .number(Double(names.count)),
            "compared_by_tree": .text(byTree.joined(separator: " ")),
        ]
        guard stale.isEmpty else {
            return .fail(
                "phase-5 evidence is stale: \(stale.joined(separator: ", ")); reopen \(context.service) to combination and run it again",
                metrics: metrics)
        }
        let how =
            byTree.isEmpty
            ? "the current images" : "HEAD's build contexts (by tree id: \(byTree.joined(separator: ", ")))"
        return .pass("phase-5 evidence matches \(how) of \(names.joined(separator: ", "))", metrics: metrics)
    }

    /// Service (as the evidence spells it) → build-context tree id from the evidence's own image and each combination's `c<n>.context.<svc>`.
    static func recordedContexts(_ evidence: Evidence, service: ServiceName) -> [String: String] {
        var trees: [String: String] = [:]
        if let tree = evidence.image?.contextTree { trees[service.rawValue] = tree }
        for record in evidence.validators where record.kind == .validator(.combinations) {
            for (key, value) in record.metrics {
                let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
                guard parts.count == 3, parts[0].hasPrefix("c"), parts[1] == "context", case .text(let tree) = value
                else { continue }
                if trees[parts[2]] == nil { trees[parts[2]] = tree }
            }
        }
        return trees
    }

    /// Service (as the evidence spells it) → image id from the evidence's own image and each combination's `c<n>.image.<svc>` metrics.
    static func recordedImages(_ evidence: Evidence, service: ServiceName) -> [String: String] {
        var images: [String: String] = [:]
        if let id = evidence.image?.id { images[service.rawValue] = id }
        for record in evidence.validators where record.kind == .validator(.combinations) {
            for (key, value) in record.metrics {
                let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
                guard parts.count == 3, parts[0].hasPrefix("c"), parts[1] == "image", case .text(let id) = value else {
                    continue
                }
                if images[parts[2]] == nil { images[parts[2]] = id }
            }
        }
        return images
    }

    static func normalized(_ id: String) -> String {
        id.hasPrefix("sha256:") ? String(id.dropFirst(7)) : id
    }

    static func same(_ a: String, _ b: String) -> Bool {
        let x = normalized(a), y = normalized(b)
        guard !x.isEmpty, !y.isEmpty else { return false }
        return x.hasPrefix(y) || y.hasPrefix(x)
    }

    static func short(_ id: String) -> String { String(normalized(id).prefix(12)) }
}
