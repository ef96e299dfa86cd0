import Domain
import Foundation
import Git
import Support
import TestSupport
import Testing

@testable import Engine

/// Small checks of the pieces behind issue 10: the output capture's head and tail, path confinement of
/// programs and build contexts, and the base-image recipes file behind a link.
@Suite(.blocking) struct HostileInputUnitTests {
    @Test func captureKeepsEverythingThatFitsAndHeadPlusTailOfWhatDoesNot() throws {
        var small = OutputCapture(limit: 100)
        small.append(Array("hello".utf8))
        small.append(Array(" world".utf8))
        #expect(small.kept == Data("hello world".utf8))
        #expect(small.total == 11)

        var big = OutputCapture(limit: 200)
        let text = (0..<10_000).map { "line \($0)\n" }.joined()
        var bytes = Array(text.utf8)
        // Fed in uneven chunks, one of them larger than the whole budget.
        for size in [7, 3, 64, 1000, 5] where !bytes.isEmpty {
            big.append(Array(bytes.prefix(size)))
            bytes.removeFirst(min(size, bytes.count))
        }
        big.append(bytes)
        let kept = String(decoding: big.kept, as: UTF8.self)
        #expect(big.total == text.utf8.count)
        #expect(big.kept.count <= 200)
        #expect(kept.hasPrefix("line 0\nline 1\n"))
        #expect(kept.hasSuffix("line 9999\n"))
        // The marker names exactly the bytes not shown: total minus what is kept besides the marker itself.
        let marker = try #require(
            kept.range(of: "\n[… ").flatMap { start in
                kept.range(of: " bytes of output omitted …]\n", range: start.upperBound..<kept.endIndex).map {
                    (start, $0)
                }
            })
        let named = Int(kept[marker.0.upperBound..<marker.1.lowerBound])
        let markerBytes = kept[marker.0.lowerBound..<marker.1.upperBound].utf8.count
        #expect(named == text.utf8.count - (big.kept.count - markerBytes))
    }

    @Test func captureOfExactlyTheLimitDropsNothing() {
        var capture = OutputCapture(limit: 64)
        let bytes = (0..<64).map { UInt8(65 + $0 % 26) }
        capture.append(bytes)
        #expect(capture.kept == Data(bytes))
        capture.append([10])
        #expect(capture.kept.count <= 64)
        #expect(capture.kept.last == 10)
    }

    @Test func programsAndPathsMustStayInsideTheRoot() throws {
        let sandbox = try GitSandbox()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { sandbox.remove(); try? FileManager.default.removeItem(atPath: outside) }
        let root = sandbox.root
        try sandbox.write("gates/checks/ok.sh", "#!/bin/sh\n")
        try FileManager.default.createSymbolicLink(atPath: root + "/gates/checks/out", withDestinationPath: outside)
        #expect(try WorkspacePaths.program("curl", root: root, field: "f") == "curl")
        #expect(
            try WorkspacePaths.program("gates/checks/ok.sh", root: root, field: "f") == root + "/gates/checks/ok.sh")
        #expect(
            try WorkspacePaths.program("./gates/checks/ok.sh", root: root, field: "f") == root + "/gates/checks/ok.sh")
        #expect(
            try WorkspacePaths.program(root + "/gates/checks/ok.sh", root: root, field: "f") == root
                + "/gates/checks/ok.sh")
        #expect(try WorkspacePaths.inside(".", root: root, base: "services/a", field: "build") == root + "/services/a")
        #expect(try WorkspacePaths.inside("not/yet/there", root: root, field: "f") == root + "/not/yet/there")
        for value in ["/usr/bin/curl", "../x.sh", "gates/../../x.sh", "gates/checks/out/x.sh", "gates/checks/out"] {
            #expect(throws: WorkTreePathError.self, "\(value)") {
                try WorkspacePaths.program(value, root: root, field: "f")
            }
        }
        #expect(throws: WorkTreePathError.self) {
            try WorkspacePaths.inside("../../..", root: root, base: "services/a", field: "build")
        }
    }

    @Test func baseImageRecipesBehindALinkAreRefused() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.root + "/base-images.yaml", withDestinationPath: "/etc/hostname")
        let workspace = try Workspace.open(at: sandbox.root)
        #expect(throws: WorkTreePathError.self) { try BaseImages.load(from: workspace) }
    }

    /// Yams 6 refuses a repeated key while composing; the recipe file says where (first copy), not which won.
    @Test func aBaseImageRecipeNamedTwiceIsRefusedAtItsPosition() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let recipe = "  command: [sh, -c, 'true']\n"
        try sandbox.write(
            "base-images.yaml", "localhost/a:1:\n" + recipe + "localhost/b:1:\n" + recipe + "localhost/a:1:\n" + recipe)
        let workspace = try Workspace.open(at: sandbox.root)
        let error = #expect(throws: BuildError.self) { try BaseImages.load(from: workspace) }
        #expect(
            error?.localizedDescription
                == "base-images.yaml:1:1: 'localhost/a:1' appears more than once; keep one recipe per image")
    }
}

/// The guard every tool-written commit message passes, whoever built it.
@Suite(.blocking) struct CommitMessageGuardTests {
    @Test func intactMessagesPassAndHiddenOrForgedTrailersAreRefused() throws {
        let good =
            "gate(a): waive x\n\nBody: with a colon.\n\nGate-Waiver-Service: a\nGate-Waiver-Reason: why: because\nSigned-off-by: A <a@x>\n"
        try CommitMessage.requireIntact(good)
        try CommitMessage.requireIntact("subject\n\nplain body, no trailers\n")
        let hidden = "gate(a): waive x\n\nBody\n---\n\nGate-Waiver-Service: a\nSigned-off-by: A <a@x>\n"
        #expect(throws: CommitTextError.self) { try CommitMessage.requireIntact(hidden) }
        let scissors = "s\n\nBody\n# ------------------------ >8 ------------------------\n\nGate-Service: a\n"
        #expect(throws: CommitTextError.self) { try CommitMessage.requireIntact(scissors) }
        #expect(throws: CommitTextError.self) { try CommitMessage.requireIntact("s\n\nGate-Service: a\u{0}b\n") }
        #expect(throws: CommitTextError.self) { try CommitMessage.requireIntact("s\n\nGate-Service: a\u{1B}[2K\n") }
    }
}

/// The names `podman build` gives its working containers, which the tool removes after an interrupted build.
@Suite struct BuildLeftoverNameTests {
    @Test func workingContainerNamesFollowBuildahsRuleForEachFromImage() {
        let file = """
            FROM --platform=linux/amd64 localhost/podserve-base:bookworm AS base
            FROM docker.io/library/busybox@sha256:abc
            FROM base
            FROM scratch
            """
        #expect(BuildLeftovers.prefixes(containerfile: file) == ["podserve-base-", "busybox-", ""])
        #expect(BuildLeftovers.matches("podserve-base-working-container", prefix: "podserve-base-"))
        #expect(BuildLeftovers.matches("podserve-base-working-container-12", prefix: "podserve-base-"))
        #expect(!BuildLeftovers.matches("podserve-base-working-container-x", prefix: "podserve-base-"))
        #expect(!BuildLeftovers.matches("podserve-base-working-container-", prefix: "podserve-base-"))
        #expect(!BuildLeftovers.matches("other-podserve-base-working-container", prefix: "podserve-base-"))
        #expect(BuildLeftovers.matches("working-container", prefix: ""))
        #expect(!BuildLeftovers.matches("busybox-working-container", prefix: ""))
    }
}

/// A stopped build's working containers go only once no running build of this process shares its FROM images.
@Suite struct BuildLeftoverSweepTests {
    @Test func aStoppedBuildsLeftoversWaitForRunningBuildsOfTheSameImagesThenGo() throws {
        let now = Int(Date().timeIntervalSince1970)
        let listing = """
            [{"Id": "aaa", "Names": ["pg-sweep-working-container"], "State": "storage", "Created": \(now)},
             {"Id": "bbb", "Names": ["pg-sweep-working-container-1"], "State": "storage", "Created": \(now)},
             {"Id": "ccc", "Names": ["other-working-container"], "State": "storage", "Created": \(now)},
             {"Id": "ddd", "Names": ["pg-sweep-working-container-2"], "State": "storage", "Created": \(now - 100)},
             {"Id": "eee", "Names": ["pg-sweep-working-container-3"], "State": "running", "Created": \(now)}]
            """
        let runner = ScriptedRunner { spec in
            let out = Data((spec.arguments.contains("ps") ? listing : "").utf8)
            return ProcessResult(
                exitCode: 0, signal: nil, stdout: out, stderr: Data(), stdoutTotal: out.count, stderrTotal: 0,
                duration: 0, timedOut: false)
        }
        // An engine of this test only, so notes of other tests never mix in.
        let target = EngineTarget.url("unix:///run/pg-sweep-\(UUID().uuidString).sock")
        let podman = Podman(runner: runner, target: target)
        let build = BuildLeftovers.Build(target: target, prefixes: ["pg-sweep-"], since: now - 5)
        let stopped = BuildLeftovers.begin(build)
        let running = BuildLeftovers.begin(build)
        BuildLeftovers.abandon(stopped)
        BuildLeftovers.sweep(podman)
        #expect(runner.ran.isEmpty, "a running build of the same image holds the sweep up")
        BuildLeftovers.end(running)
        BuildLeftovers.sweep(podman)
        let removal = runner.ran.last?.arguments ?? []
        #expect(removal.suffix(4) == ["rm", "-f", "aaa", "bbb"], "\(runner.ran.map(\.arguments))")
        BuildLeftovers.sweep(podman)
        #expect(runner.ran.count == 2, "the note ended with its removal")
    }
}
