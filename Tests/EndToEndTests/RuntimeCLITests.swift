import Foundation
import Support
import TestSupport
import Testing

/// `check`/`advance` on real podman through the binary: JUnit output, an interrupted advance, build, doctor.
@Suite(.serialized, .podman) struct RuntimeCLITests {
    /// A workspace whose service `name` runs a tiny busybox image and is already in isolation.
    static func isolationWorkspace(_ name: String, image: String) throws -> GitSandbox {
        try TinyImages.ensureAll()
        let ws = try GitSandbox.workspace()
        #expect(try ws.gate("new", name).status == 0)
        let plan = GitSandbox.tinyImagePlan(name, image: image)
            .replacingOccurrences(
                of: "config:\n  env: {DOMAIN: podserve.local}",
                with: "config:\n  env: {DOMAIN: podserve.local}\n  render: [/svc/render.sh]")
        try ws.write("services/\(name)/service.yaml", plan)
        try ws.tickManualItems("services/\(name)/checklists/1-planning.md")
        try ws.tickManualItems("services/\(name)/checklists/2-isolation.md")
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "plan \(name)")
        let advanced = try ws.gate("advance", name, "--quiet")
        #expect(advanced.status == 0, "\(advanced.stdout)\(advanced.stderr)")
        return ws
    }

    static func containers(named service: String) throws -> [String] {
        try PodmanTestSupport.allToolContainers().filter { $0.contains("-\(service)-") }
    }

    @Test func isolationCheckPassesOnAWellBehavedImageAndWritesJUnit() throws {
        let name = "jw\(UInt32.random(in: 1000...9999))"
        let ws = try Self.isolationWorkspace(name, image: TinyImages.wellBehaved.ref)
        defer { ws.remove() }
        let junit = ws.root + "/report.xml"
        let result = try ws.gate("check", name, "--junit", junit, "--quiet")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        for id in [
            "image-present", "starts-consistently", "health-checks", "config-renders", "sigterm", "clean-logs",
            "memory-in-target",
            "ports-listening",
        ] {
            #expect(xml.contains("name=\"\(id)\""), "\(id) missing from JUnit")
        }
        #expect(!xml.contains("<failure"))
        #expect(try Self.containers(named: name).isEmpty)
        let json = try ws.gate("check", name, "--format", "json", "--quiet")
        #expect(json.stdout.contains("\"id\" : \"sigterm\""))
    }

    @Test func sigtermIgnoringImageFailsIsolationWithTheReason() throws {
        let name = "it\(UInt32.random(in: 1000...9999))"
        let ws = try Self.isolationWorkspace(name, image: TinyImages.ignoresTerm.ref)
        defer { ws.remove() }
        let before = try ws.git("rev-parse", "HEAD")
        let result = try ws.gate("advance", name, "--quiet")
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL sigterm"), "\(result.stdout)")
        #expect(result.stdout.contains("137"))
        #expect(try ws.git("rev-parse", "HEAD") == before)
        #expect(try ws.porcelain().isEmpty)
        #expect(try Self.containers(named: name).isEmpty)
    }

    @Test func interruptedAdvanceExits130AndLeavesNoContainers() throws {
        let name = "ir\(UInt32.random(in: 1000...9999))"
        let ws = try Self.isolationWorkspace(name, image: TinyImages.delayed.ref)
        defer { ws.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GateCLI.binary)
        process.arguments = ["-C", ws.root, "advance", name, "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until a container of this service is running, then interrupt like Ctrl-C.
        let deadline = Date().addingTimeInterval(60)
        while try Self.containers(named: name).isEmpty && Date() < deadline { usleep(100_000) }
        #expect(try !Self.containers(named: name).isEmpty, "no container started before the interrupt")
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(try Self.containers(named: name).isEmpty)
        #expect(try ws.porcelain().isEmpty)
        #expect(ws.read("services/\(name)/state.yaml")?.contains("isolation") == true)
    }

    @Test func buildSkipsRebuildsAndReportsAFailingContainerfile() throws {
        try TinyImages.ensureAll()
        let ws = try GitSandbox.workspace()
        let tag = "e2e\(UInt32.random(in: 100_000...999_999))"
        let base = "localhost/pg-e2e-base:\(tag)"
        let image = "localhost/pg-e2e-tiny:\(tag)"
        let broken = "localhost/pg-e2e-broken:\(tag)"
        defer {
            ws.remove()
            _ = try? SystemProcessRunner().run(ProcessSpec("podman", ["rmi", "-f", image, broken, base], timeout: 60))
        }
        try ws.write("base-images.yaml", "\(base):\n  command: [podman, tag, \(TinyImages.wellBehaved.ref), \(base)]\n")
        #expect(try ws.gate("new", "tiny").status == 0)
        #expect(try ws.gate("new", "broken").status == 0)
        try ws.write(
            "services/tiny/service.yaml",
            GitSandbox.completePlan("tiny").replacingOccurrences(
                of: "image: localhost/podserve-tiny:latest", with: "image: \(image)\nbuild: ."))
        try ws.write("services/tiny/Containerfile", "FROM \(base)\nRUN echo built > /built\n")
        try ws.write(
            "services/broken/service.yaml",
            GitSandbox.completePlan("broken").replacingOccurrences(
                of: "image: localhost/podserve-broken:latest", with: "image: \(broken)\nbuild: ."))
        try ws.write("services/broken/Containerfile", "FROM \(base)\nRUN echo about to fail && false\n")
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "tiny and broken")

        let first = try ws.gate("build", "tiny")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains("tiny: built"))
        #expect(first.stderr.contains("base image \(base) is missing"))
        let again = try ws.gate("build", "tiny")
        #expect(again.status == 0)
        #expect(again.stdout.contains("tiny: skipped"))
        let rebuilt = try ws.gate("build", "tiny", "--rebuild")
        #expect(rebuilt.status == 0)
        #expect(rebuilt.stdout.contains("tiny: built"))
        let failed = try ws.gate("build", "broken")
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("broken: build failed"))
        #expect(failed.stderr.contains("about to fail"), "\(failed.stderr)")
    }

    @Test func doctorWithoutPodmanNamesTheInstallCommandAndExits3() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let result = try ws.run("env", ["PATH=/nonexistent", GateCLI.binary, "doctor"])
        #expect(result.status == 3)
        #expect(result.stdout.contains("apt-get install -y podman"), "\(result.stdout)")
        let healthy = try ws.gate("doctor")
        #expect(healthy.stdout.contains("OK   podman"), "\(healthy.stdout)")
        #expect(healthy.stdout.contains("git identity: Test Person <test@example.com>"))
    }
}
