import Domain
import Foundation

/// evidence-fresh: the image ids in the phase-5 evidence at HEAD — the service's own and every combination
/// member's — are still the ids of the current images; otherwise the stale service is named.
struct EvidenceFreshValidator: Validator {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        let path = Workspace.evidencePath(context.service, .combination)
        guard let head = try context.workspace.repo.head().commit,
              let evidence = try Catalog(source: CommitSource(repo: context.workspace.repo, commit: head))
                .evidence(of: context.service, phase: .combination) else {
            return .fail("no phase-5 evidence at HEAD (\(path)): pass the combination gate first")
        }
        let recorded = Self.recordedImages(evidence, service: context.service)
        guard !recorded.isEmpty else {
            return .fail("\(path) at HEAD records no image ids; run the combination gate again (`podserve-gate reopen \(context.service) --to combination`)")
        }
        var stale: [String] = []
        for (service, id) in recorded.sorted(by: { $0.key < $1.key }) {
            let ref = service == context.service && evidence.image?.ref != nil
                ? evidence.image!.ref : PodMember.imageRef(service: service, plan: context.plans[service] ?? ServicePlan())
            guard let current = try context.containers.imageInfo(ref) else {
                stale.append("\(service) (image \(ref) no longer exists; evidence has \(Self.short(id)))")
                continue
            }
            if !Self.same(current.id, id) {
                stale.append("\(service) (image \(ref) is now \(Self.short(current.id)), phase-5 evidence has \(Self.short(id)))")
            }
            if service == context.service {
                context.scratchpad.image = ImageRecord(ref: ref, id: current.id, digest: current.digest)
            }
        }
        guard stale.isEmpty else {
            return .fail("phase-5 evidence is stale: \(stale.joined(separator: ", ")); reopen \(context.service) to combination and run it again",
                         metrics: ["stale": .number(Double(stale.count))])
        }
        return .pass("phase-5 evidence matches the current images of \(recorded.keys.sorted().joined(separator: ", "))",
                     metrics: ["images": .number(Double(recorded.count))])
    }

    /// Service → image id from the evidence's own image and each combination's `c<n>.image.<svc>` metrics.
    static func recordedImages(_ evidence: Evidence, service: String) -> [String: String] {
        var images: [String: String] = [:]
        if let id = evidence.image?.id { images[service] = id }
        for record in evidence.validators where record.kind == ValidatorKind.combinations.rawValue {
            for (key, value) in record.metrics {
                let parts = key.split(separator: ".", maxSplits: 2).map(String.init)
                guard parts.count == 3, parts[0].hasPrefix("c"), parts[1] == "image", case .text(let id) = value else { continue }
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
