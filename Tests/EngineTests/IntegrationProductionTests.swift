import Domain
import Engine
import Foundation
import Support
import TestSupport
import Testing

/// Phase 6 on real podman: the security review catches a root image, a secret-looking env var and a
/// world-writable file; stale phase-5 evidence fails; a README missing a section is named.
@Suite("Production readiness", .serialized, .podman)
struct IntegrationProductionTests {
    let fx: IntegrationFixture
    init() throws {
        try PodImages.ensureAll()
        fx = try IntegrationFixture()
    }

    @Test func aRootImageAndASecretLookingEnvVarAreCaught() throws {
        fx.add(
            "app",
            IntegrationFixture.tinyPlan(TinyImages.wellBehaved.ref, env: ["DB_PASSWORD": "hunter2", "DOMAIN": "x"]))
        let outcome = try fx.run(.securityReview, "app")
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("the image runs as root (USER unset)"), "\(outcome.message)")
        #expect(
            outcome.message.contains("service.yaml config.env DB_PASSWORD (name looks like a secret)"),
            "\(outcome.message)")
        #expect(!outcome.message.contains("hunter2") && !outcome.output.contains("hunter2"))
        try fx.expectNoLeftovers()
    }

    @Test func aRootReasonNeedsNonRootWorkers() throws {
        var plan = IntegrationFixture.tinyPlan(TinyImages.wellBehaved.ref)
        plan.security = .init(rootReason: "binds a privileged port")
        fx.add("app", plan)
        let outcome = try fx.run(.securityReview, "app")
        #expect(outcome.status == .fail)
        #expect(
            outcome.message.contains("runs as root (reason: binds a privileged port) but all"), "\(outcome.message)")
        #expect(outcome.message.contains("run as root"), "\(outcome.message)")
        try fx.expectNoLeftovers()
    }

    @Test func aNonRootImagePassesAndAWorldWritableFileIsCaught() throws {
        fx.add("app", IntegrationFixture.tinyPlan(PodImages.nonRoot, env: ["DOMAIN": "x"]))
        let clean = try fx.run(.securityReview, "app")
        #expect(clean.status == .pass, "\(clean.message)")
        #expect(clean.message.contains("runs as 65534"), "\(clean.message)")
        fx.add("app", IntegrationFixture.tinyPlan(PodImages.worldWritable))
        let writable = try fx.run(.securityReview, "app")
        #expect(writable.status == .fail)
        #expect(writable.message.contains("world-writable files in the image: /www/index.html"), "\(writable.message)")
        try fx.expectNoLeftovers()
    }

    @Test func aStaleImageAfterPhaseFiveFailsPhaseSix() throws {
        let ref = "localhost/podserve-gate-test-stale-\(UUID().uuidString.prefix(8).lowercased()):latest"
        try PodImages.tag(TinyImages.wellBehaved.ref, as: ref)
        defer { PodImages.untag(ref) }
        fx.add("base", IntegrationFixture.tinyPlan(TinyImages.wellBehaved.ref))
        fx.add("app", IntegrationFixture.tinyPlan(ref, dependsOn: ["base"]))
        let scratch = RunScratchpad()
        let combined = try fx.run(.combinations, "app", scratchpad: scratch)
        #expect(combined.status == .pass, "\(combined.message)")
        try commitEvidence(service: "app", outcome: combined, image: scratch.image)

        let fresh = try fx.run(.evidenceFresh, "app")
        #expect(fresh.status == .pass, "\(fresh.message)")
        try PodImages.tag(TinyImages.delayed.ref, as: ref)  // the image changes after phase 5
        let stale = try fx.run(.evidenceFresh, "app")
        #expect(stale.status == .fail)
        #expect(stale.message.hasPrefix("phase-5 evidence is stale: app (image \(ref) is now"), "\(stale.message)")
        #expect(!stale.message.contains("base ("), "base did not change: \(stale.message)")
        try fx.expectNoLeftovers()
    }

    @Test func freshnessComparesBuildContextTreesNotImageIds() throws {
        // A service with `build:` whose phase-5 evidence records the context tree: a fresh machine that rebuilt
        // the same commit has another image id (here: no such image at all), and still agrees.
        var app = IntegrationFixture.tinyPlan(
            "localhost/podserve-gate-test-never-built:\(UUID().uuidString.prefix(8).lowercased())",
            dependsOn: ["base"])
        app.build = "."
        var base = IntegrationFixture.tinyPlan("localhost/podserve-gate-test-never-built-base:x")
        base.build = "image"
        fx.add("app", app)
        fx.add("base", base)
        try fx.sandbox.write("services/app/Containerfile", "FROM scratch\nCOPY entrypoint.sh /\n")
        try fx.sandbox.write("services/app/entrypoint.sh", "#!/bin/sh\necho v1\n")
        try fx.sandbox.write("services/base/image/Containerfile", "FROM scratch\n")
        try fx.sandbox.git("add", "-A")
        try fx.sandbox.git("commit", "-qm", "contexts")
        let appTree = try #require(try BuildProvenance.atHead(workspace: fx.workspace, service: "app", plan: app))
            .contextTree
        let baseTree = try #require(try BuildProvenance.atHead(workspace: fx.workspace, service: "base", plan: base))
            .contextTree
        let combined = ValidatorOutcome.pass(
            "1 combination",
            metrics: [
                "c1.name": .text("base+app"), "c1.image.base": .text("sha256:1111"),
                "c1.image.app": .text("sha256:2222"),
                "c1.context.base": .text(baseTree), "c1.context.app": .text(appTree),
            ])
        try commitEvidence(
            service: "app", outcome: combined,
            image: ImageRecord(ref: app.image!, id: "sha256:2222", digest: nil, contextTree: appTree))

        let fresh = try fx.run(.evidenceFresh, "app")
        #expect(fresh.status == .pass, "\(fresh.message)")
        #expect(fresh.message.contains("by tree id: app, base"), "\(fresh.message)")

        // A ticked checklist or new state in the service folder changes nothing; a changed entrypoint does.
        try fx.sandbox.write("services/app/state.yaml", "phase: production\n")
        try fx.sandbox.git("add", "-A")
        try fx.sandbox.git("commit", "-qm", "state")
        #expect(try fx.run(.evidenceFresh, "app").status == .pass)
        try fx.sandbox.write("services/base/image/Containerfile", "FROM scratch\nLABEL changed=1\n")
        try fx.sandbox.git("commit", "-qam", "base image changed")
        let stale = try fx.run(.evidenceFresh, "app")
        #expect(stale.status == .fail)
        #expect(stale.message.contains("base (HEAD's build context services/base/image is"), "\(stale.message)")
        #expect(stale.message.contains("phase-5 evidence judged \(baseTree.prefix(12))"), "\(stale.message)")
        #expect(!stale.message.contains("app ("), "app's context did not change: \(stale.message)")
    }

    @Test func combinationsRefuseAMemberImageNotBuiltFromHEAD() throws {
        // base declares `build:` but its image was made outside `build` (no context label): no pod may start.
        let ref = "localhost/podserve-gate-test-unlabelled-\(UUID().uuidString.prefix(8).lowercased()):latest"
        try PodImages.tag(TinyImages.wellBehaved.ref, as: ref)
        defer { PodImages.untag(ref) }
        var base = IntegrationFixture.tinyPlan(ref)
        base.build = "image"
        fx.add("base", base)
        fx.add("app", IntegrationFixture.tinyPlan(TinyImages.wellBehaved.ref, dependsOn: ["base"]))
        try fx.sandbox.write("services/base/image/Containerfile", "FROM scratch\n")
        try fx.sandbox.git("add", "-A")
        try fx.sandbox.git("commit", "-qm", "base context")
        do {
            _ = try fx.run(.combinations, "app")
            Issue.record("a stale member image must be refused")
        } catch let error as BuildError {
            guard case .staleImage(let service, let image, let reason) = error else { Issue.record("\(error)"); return }
            #expect(service == "base" && image == ref)
            #expect(reason.contains("no io.podserve-gate.context label"), "\(reason)")
            #expect(error.localizedDescription.contains("podserve-gate build base"))
        }
        try fx.expectNoLeftovers()
    }

    @Test func oldEvidenceWithoutContextTreeStillDecodes() throws {
        let old = """
            {"environment": {}, "finished_at": "2026-11-27T04:23:53.000Z", "image": {"digest": "sha256:ab", "id": "cd", "ref": "x"},
             "passed": true, "phase": "combination", "service": "app", "started_at": "2026-11-27T04:23:50.000Z",
             "tool": "podserve-gate", "tool_version": "0.1", "validators": [], "artifacts": {}}
            """
        let evidence = try Evidence.decode(Data(old.utf8))
        #expect(evidence.image?.id == "cd")
        #expect(evidence.image?.contextTree == nil)
    }

    @Test func noPhaseFiveEvidenceFailsFreshness() throws {
        fx.add("app", IntegrationFixture.tinyPlan(TinyImages.wellBehaved.ref))
        let outcome = try fx.run(.evidenceFresh, "app")
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("no phase-5 evidence at HEAD (services/app/evidence/5-combination.json)"))
    }

    @Test func aReadmeMissingASectionIsCaught() throws {
        fx.add("app", IntegrationFixture.tinyPlan(TinyImages.wellBehaved.ref))
        let missing = try fx.run(.docsComplete, "app")
        #expect(missing.status == .fail)
        #expect(missing.message.contains("services/app/README.md does not exist"))
        try fx.sandbox.write(
            "services/app/README.md",
            """
            # app
            ## Purpose
            Serves the app.
            ## Configuration
            DOMAIN sets the domain.
            ## Health checks
            /tmp/ready exists once it serves.
            ## Performance
            Ready in 10 ms.
            """)
        let partial = try fx.run(.docsComplete, "app")
        #expect(partial.status == .fail)
        #expect(partial.message.contains("Troubleshooting (missing)"), "\(partial.message)")
    }

    /// Commits phase-5 evidence holding the combinations record, as a passing `advance` would.
    func commitEvidence(service: ServiceName, outcome: ValidatorOutcome, image: ImageRecord?) throws {
        let record = ValidatorRecord(
            id: "combinations", kind: .validator(.combinations), status: outcome.status, attempts: 1, passes: 1,
            durationMs: 1, message: outcome.message, metrics: outcome.metrics, output: "")
        let evidence = Evidence(
            toolVersion: "test", service: service, phase: .combination, startedAt: Date(),
            finishedAt: Date(), passed: true, image: image, environment: [:], validators: [record])
        let path = Workspace.evidencePath(service, .combination)
        try fx.sandbox.write(path, String(decoding: try evidence.encoded(), as: UTF8.self))
        try fx.sandbox.git("add", path)
        try fx.sandbox.git("commit", "-q", "-m", "phase 5 evidence")
    }
}
