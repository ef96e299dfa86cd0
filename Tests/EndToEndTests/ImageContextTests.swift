import Foundation
import Support
import TestSupport
import Testing

/// Images bound to their committed build context, through the binary on real podman: `build` labels the
/// image with the context's git tree id and rebuilds a stale one, runtime gates refuse a stale image (exit 2),
/// evidence records the tree id, and `doctor` names images not built from this workspace's HEAD.
@Suite(.serialized, .podman)
struct ImageContextTests {
    /// A workspace whose service `tiny` builds `image` from `services/tiny` (FROM the well-behaved tiny image,
    /// plus an `entrypoint.sh` that says `version`), committed, in planning.
    static func workspace(image: String, version: String = "v1") throws -> GitSandbox {
        try TinyImages.ensureAll()
        let ws = try GitSandbox.workspace()
        #expect(try ws.gate("new", "tiny").status == 0)
        let plan = GitSandbox.tinyImagePlan("tiny", image: "\(image)\nbuild: .")
        try ws.write("services/tiny/service.yaml", plan)
        try ws.write(
            "services/tiny/Containerfile", "FROM \(TinyImages.wellBehaved.ref)\nCOPY entrypoint.sh /svc/entrypoint.sh\n"
        )
        try ws.write("services/tiny/entrypoint.sh", "#!/bin/sh\necho \(version)\n")
        try ws.tickManualItems("services/tiny/checklists/1-planning.md")
        try ws.tickManualItems("services/tiny/checklists/2-isolation.md")
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "tiny: plan and image")
        return ws
    }

    /// The tree id git gives HEAD's services/tiny without the process files, computed by the git CLI.
    static func expectedContextTree(_ ws: GitSandbox) throws -> String {
        let process: Set<String> = ["service.yaml", "state.yaml", "checklists", "evidence", "README.md"]
        let lines = try ws.git("ls-tree", "HEAD:services/tiny").split(separator: "\n").filter { line in
            guard let name = line.split(separator: "\t").last else { return false }
            return !process.contains(String(name))
        }
        return try ws.git(["mktree"], input: lines.joined(separator: "\n") + "\n").trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    static func label(_ image: String) throws -> String {
        let result = try SystemProcessRunner().run(
            ProcessSpec(
                "podman", ["image", "inspect", "--format", "{{index .Labels \"io.podserve-gate.context\"}}", image],
                timeout: 60))
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func cat(_ image: String, _ path: String) throws -> String {
        try SystemProcessRunner().run(
            ProcessSpec(
                "podman", ["run", "--rm", "--label", "podserve-gate=1", image, "cat", path],
                timeout: 60)
        ).stdoutText
    }

    static func removeImage(_ image: String) {
        _ = try? SystemProcessRunner().run(ProcessSpec("podman", ["rmi", "-f", image], timeout: 60))
    }

    static func uniqueImage() -> String { "localhost/pg-ctx-tiny:t\(UInt32.random(in: 100_000...999_999))" }

    @Test func buildLabelsTheImageWithTheCommittedContextAndRebuildsWhenItIsStale() throws {
        let image = Self.uniqueImage()
        let ws = try Self.workspace(image: image)
        defer { ws.remove(); Self.removeImage(image) }

        let first = try ws.gate("build", "tiny")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("tiny: built"))
        let v1 = try Self.expectedContextTree(ws)
        #expect(try Self.label(image) == v1)
        #expect(try Self.cat(image, "/svc/entrypoint.sh").contains("v1"))

        // A transition commit (state, checklist, evidence) and a ticked checklist do not make the image stale.
        #expect(try ws.gate("advance", "tiny", "--quiet").status == 0)
        let again = try ws.gate("build", "tiny")
        #expect(again.status == 0)
        #expect(again.stdout.contains("tiny: skipped (up to date"), "\(again.stdout)")

        // The reproduction: change entrypoint.sh, commit, build. It must rebuild, never "skipped (exists)".
        try ws.write("services/tiny/entrypoint.sh", "#!/bin/sh\necho v2\n")
        try ws.git("commit", "-qam", "tiny: new entrypoint")
        let v2 = try Self.expectedContextTree(ws)
        #expect(v2 != v1)
        let rebuilt = try ws.gate("build", "tiny")
        #expect(rebuilt.status == 0, "\(rebuilt.stdout)\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("tiny: built") && rebuilt.stdout.contains("stale"), "\(rebuilt.stdout)")
        #expect(!rebuilt.stdout.contains("skipped"))
        #expect(try Self.label(image) == v2)
        #expect(try Self.cat(image, "/svc/entrypoint.sh").contains("v2"))

        // Uncommitted edits are not built in (the image is HEAD's context), and build says so.
        try ws.write("services/tiny/entrypoint.sh", "#!/bin/sh\necho v3-uncommitted\n")
        let dirty = try ws.gate("build", "tiny", "--rebuild")
        #expect(dirty.status == 0)
        #expect(dirty.stderr.contains("uncommitted changes"), "\(dirty.stderr)")
        #expect(try Self.label(image) == v2)
        #expect(try Self.cat(image, "/svc/entrypoint.sh").contains("v2"))
    }

    @Test func runtimeGatesRefuseAStaleImageUntilItIsRebuilt() throws {
        let image = Self.uniqueImage()
        let ws = try Self.workspace(image: image)
        defer { ws.remove(); Self.removeImage(image) }
        #expect(try ws.gate("advance", "tiny", "--quiet").status == 0)  // planning -> isolation
        #expect(try ws.gate("build", "tiny").status == 0)

        try ws.write("services/tiny/entrypoint.sh", "#!/bin/sh\necho v2\n")
        try ws.git("commit", "-qam", "tiny: new entrypoint")
        let head = try ws.git("rev-parse", "HEAD")
        for command in ["check", "advance"] {
            let refused = try ws.gate(command, "tiny")
            #expect(refused.status == 2, "\(command): \(refused.stdout)\(refused.stderr)")
            #expect(
                refused.stderr.contains("is stale") && refused.stderr.contains("podserve-gate build tiny"),
                "\(refused.stderr)")
            #expect(!refused.stdout.contains("PASS"), "no validator may run on a stale image: \(refused.stdout)")
        }
        #expect(try ws.git("rev-parse", "HEAD") == head)
        #expect(try ws.porcelain().isEmpty)
        #expect(try PodmanTestSupport.allToolContainers().filter { $0.contains("-tiny-") }.isEmpty)

        let doctor = try ws.gate("doctor")
        #expect(
            doctor.stdout.contains("image tiny: \(image) is not built from this workspace's HEAD"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("fix: podserve-gate build tiny"))

        #expect(try ws.gate("build", "tiny").status == 0)
        let advanced = try ws.gate("advance", "tiny", "--quiet")
        #expect(advanced.status == 0, "\(advanced.stdout)\(advanced.stderr)")
        let evidence = try #require(ws.read("services/tiny/evidence/2-isolation.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(evidence.utf8)) as? [String: Any])
        let record = try #require(json["image"] as? [String: Any])
        #expect(record["context_tree"] as? String == (try Self.expectedContextTree(ws)))
        #expect(record["id"] as? String != nil)
    }

    @Test func imagePresentBuildsAMissingImageFromHEADsContextWithItsLabel() throws {
        let image = Self.uniqueImage()
        let ws = try Self.workspace(image: image)
        defer { ws.remove(); Self.removeImage(image) }
        #expect(try ws.gate("advance", "tiny", "--quiet").status == 0)
        try ws.write("services/tiny/entrypoint.sh", "#!/bin/sh\necho uncommitted\n")  // not in HEAD: not built in
        let check = try ws.gate("check", "tiny")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("from HEAD's services/tiny"), "\(check.stdout)")
        #expect(try Self.label(image) == (try Self.expectedContextTree(ws)))
        #expect(try Self.cat(image, "/svc/entrypoint.sh").contains("v1"))
    }

    @Test func anUnlabelledImageOfAServiceWithBuildIsStale() throws {
        let image = Self.uniqueImage()
        let ws = try Self.workspace(image: image)
        defer { ws.remove(); Self.removeImage(image) }
        #expect(try ws.gate("advance", "tiny", "--quiet").status == 0)
        // Made outside `build` (no label): the gate cannot tell what it was built from.
        let tagged = try SystemProcessRunner().run(
            ProcessSpec("podman", ["tag", TinyImages.wellBehaved.ref, image], timeout: 60))
        #expect(tagged.succeeded)
        let refused = try ws.gate("check", "tiny")
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("no io.podserve-gate.context label"), "\(refused.stderr)")
        let built = try ws.gate("build", "tiny")
        #expect(built.stdout.contains("tiny: built") && built.stdout.contains("stale"), "\(built.stdout)")
    }

    @Test func aChangedBaseRecipeRemakesTheBaseAndStalesTheServiceImage() throws {
        let image = Self.uniqueImage()
        let base = "localhost/pg-ctx-base:t\(UInt32.random(in: 100_000...999_999))"
        let ws = try Self.workspace(image: image)
        defer { ws.remove(); Self.removeImage(image); Self.removeImage(base) }
        try ws.write(
            "scripts/make-base.sh", "#!/bin/sh\n# version 1\nexec podman tag \(TinyImages.wellBehaved.ref) \(base)\n")
        #expect(chmod(ws.root + "/scripts/make-base.sh", 0o755) == 0)
        try ws.write("base-images.yaml", "\(base):\n  command: [scripts/make-base.sh]\n")
        try ws.write("services/tiny/Containerfile", "FROM \(base)\nCOPY entrypoint.sh /svc/entrypoint.sh\n")
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "a local base image")
        #expect(try ws.gate("advance", "tiny", "--quiet").status == 0)

        let first = try ws.gate("build", "tiny")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let v1 = try ws.git("rev-parse", "HEAD:scripts/make-base.sh")
        #expect(try Self.label(base) == v1, "the base carries its recipe's blob id")
        let baseContext = try SystemProcessRunner().run(
            ProcessSpec(
                "podman",
                ["image", "inspect", "--format", "{{index .Labels \"io.podserve-gate.base-context\"}}", image],
                timeout: 60))
        #expect(baseContext.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "\(base)=\(v1)")

        try ws.write(
            "scripts/make-base.sh", "#!/bin/sh\n# version 2\nexec podman tag \(TinyImages.wellBehaved.ref) \(base)\n")
        #expect(chmod(ws.root + "/scripts/make-base.sh", 0o755) == 0)
        try ws.git("commit", "-qam", "base recipe changed")
        let refused = try ws.gate("check", "tiny")
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("base image context"), "\(refused.stderr)")
        let rebuilt = try ws.gate("build", "tiny")
        #expect(rebuilt.status == 0, "\(rebuilt.stdout)\(rebuilt.stderr)")
        #expect(rebuilt.stderr.contains("base image \(base) is stale"), "\(rebuilt.stderr)")
        #expect(try Self.label(base) == (try ws.git("rev-parse", "HEAD:scripts/make-base.sh")))
        #expect(try ws.gate("build", "tiny").stdout.contains("tiny: skipped (up to date"))
    }

    @Test func twoWorkspacesSharingAnImageNameSeeTheClash() throws {
        let image = Self.uniqueImage()
        let mine = try Self.workspace(image: image, version: "mine")
        let theirs = try Self.workspace(image: image, version: "theirs")
        defer { mine.remove(); theirs.remove(); Self.removeImage(image) }
        #expect(try mine.gate("build", "tiny").status == 0)
        #expect(try mine.gate("doctor").stdout.contains("OK   image tiny: \(image) built from HEAD's services/tiny"))
        // The other workspace builds the same default-style name from its own context.
        #expect(try theirs.gate("build", "tiny").status == 0)
        let doctor = try mine.gate("doctor")
        #expect(doctor.stdout.contains("not built from this workspace's HEAD"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("by the workspace at \(theirs.root)"), "\(doctor.stdout)")
        // Building here again takes the name back, from this workspace's own context.
        let back = try mine.gate("build", "tiny")
        #expect(back.stdout.contains("tiny: built"), "\(back.stdout)")
        #expect(try Self.cat(image, "/svc/entrypoint.sh").contains("mine"))
    }

    @Test func anInterruptedBuildLeavesNoWorkingContainer() throws {
        let image = Self.uniqueImage()
        let prefix = "pg-ctx-base\(UInt32.random(in: 100_000...999_999))"
        let base = "localhost/\(prefix):x"
        let ws = try Self.workspace(image: image)
        defer {
            ws.remove()
            Self.removeImage(image)
            Self.removeImage(base)
        }
        _ = try SystemProcessRunner().run(
            ProcessSpec("podman", ["tag", TinyImages.wellBehaved.ref, base], timeout: 60))
        try ws.write("services/tiny/Containerfile", "FROM \(base)\nRUN sleep 60\n")
        try ws.git("commit", "-qam", "tiny: a slow build")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GateCLI.binary)
        process.arguments = ["-C", ws.root, "build", "tiny", "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while try PodLeftovers.workingContainers(prefix).isEmpty && Date() < deadline { usleep(200_000) }
        #expect(try !PodLeftovers.workingContainers(prefix).isEmpty, "the build made no working container")
        sleep(1)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let left = try PodLeftovers.workingContainers(prefix)
        for line in left {
            _ = try? SystemProcessRunner().run(
                ProcessSpec("podman", ["rm", "-f", String(line.prefix { $0 != " " })], timeout: 60))
        }
        #expect(left.isEmpty, "left behind: \(left)")
    }
}
