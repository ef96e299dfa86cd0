import Foundation
import Locking
import Support
import TestSupport
import Testing

/// Phases 5 and 6 through the CLI with tiny images: `advance` runs the combination pods and commits the evidence
/// with the Pod YAML beside it; a changed image after phase 5 fails phase 6, naming the stale service.
@Suite(.serialized, .podman)
struct IntegrationGateFlowTests {
    /// A tiny service plan: file-based health checks, no ports, nothing persisted.
    func plan(_ name: String, image: String, dependsOn: [String] = [], tests: [String] = []) -> String {
        """
        name: \(name)
        scope: tiny \(name) for the integration gate flow
        image: \(image)
        ports: []
        data: []
        config:
          env: {DOMAIN: tiny.local}
        health:
          liveness: {command: [test, -f, /tmp/alive], timeout: 2s}
          readiness: {command: [test, -f, /tmp/ready], timeout: 2s}
        targets: {startup: 2s, memory: 50MB, response: 100ms, soak: 1m}
        testing: {unit: none, integration: pod, performance: none, failure: [restart]}
        depends_on: [\(dependsOn.joined(separator: ", "))]
        integration:
          communication: [talks to \(dependsOn.first ?? "nobody")]
          shared: []
          failure: [dependency restarts]
          tests: [\(tests.joined(separator: ", "))]

        """
    }

    static let readme = """
        # svc
        ## Purpose
        A tiny service.
        ## Configuration
        DOMAIN.
        ## Health checks
        /tmp/ready.
        ## Troubleshooting
        Read the logs.
        ## Performance
        Ready in milliseconds.

        """

    @Test func advanceThroughCombinationAndProductionThenStaleImageFails() throws {
        try PodImages.ensureAll()
        let suffix = String(UUID().uuidString.prefix(6).lowercased().filter(\.isLetter))
        let base = "itbase\(suffix)", app = "itapp\(suffix)"
        let appImage = "localhost/podserve-gate-test-\(app):latest"
        try PodImages.tag(PodImages.nonRoot, as: appImage)
        defer { PodImages.untag(appImage) }
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", base).status == 0)
        #expect(try ws.gate("new", app, "--depends-on", base).status == 0)
        let test = "tests/test-\(app)-\(base).sh"
        try ws.write(
            test,
            "#!/bin/sh\nset -e\npodman exec \"$CONTAINER_\(base.uppercased())\" test -f /tmp/ready\necho \"ran in $POD\"\n"
        )
        _ = try ws.run("chmod", ["+x", test])
        try ws.write("services/\(base)/service.yaml", plan(base, image: PodImages.nonRoot))
        try ws.write("services/\(app)/service.yaml", plan(app, image: appImage, dependsOn: [base], tests: [test]))
        try ws.write("services/\(base)/state.yaml", "phase: ready\n")
        try ws.write("services/\(app)/state.yaml", "phase: combination\n")
        try ws.write("services/\(app)/README.md", Self.readme)
        try ws.tickManualItems("services/\(app)/checklists/5-combination.md")
        try ws.tickManualItems("services/\(app)/checklists/6-production.md")
        try ws.git("add", "-A")
        try ws.git("commit", "-q", "-m", "services at phase 5 (test set-up)")

        let combination = try ws.gate("advance", app)
        #expect(combination.status == 0, "\(combination.stdout)\(combination.stderr)")
        #expect(try ws.git("log", "-1", "--format=%s") == "gate(\(app)): combination -> production")
        let evidence = try #require(ws.read("services/\(app)/evidence/5-combination.json"))
        #expect(evidence.contains("\"c1.name\" : \"pair \(base)+\(app)\""), "\(evidence)")
        #expect(evidence.contains("\"c1.image.\(app)\""))
        let pod = try #require(ws.read("services/\(app)/evidence/5-combination-pod-\(base)+\(app).yaml"))
        #expect(pod.contains("kind: Pod"))
        #expect(try ws.git("ls-files", "services/\(app)/evidence").contains("5-combination-pod-\(base)+\(app).yaml"))

        try PodImages.tag(TinyImages.delayed.ref, as: appImage)  // the image changes after phase 5
        let stale = try ws.gate("advance", app)
        #expect(stale.status == 1, "\(stale.stdout)\(stale.stderr)")
        #expect(
            (stale.stdout + stale.stderr).contains("phase-5 evidence is stale: \(app) (image \(appImage) is now"),
            "\(stale.stdout)\(stale.stderr)")

        try PodImages.tag(PodImages.nonRoot, as: appImage)
        let production = try ws.gate("advance", app)
        #expect(production.status == 0, "\(production.stdout)\(production.stderr)")
        #expect(ws.read("services/\(app)/state.yaml")?.contains("phase: ready") == true)

        let left = try SystemProcessRunner().run(
            ProcessSpec(
                "podman",
                [
                    "ps", "-a", "--filter", "label=podserve-gate=1", "--filter", "name=pg-\(app)-", "--format",
                    "{{.Names}}",
                ]))
        #expect(left.stdoutText.isEmpty, "left behind: \(left.stdoutText)")
        let pods = try SystemProcessRunner().run(
            ProcessSpec(
                "podman",
                [
                    "pod", "ps", "--filter", "label=podserve-gate=1", "--filter", "name=pg-\(app)-", "--format",
                    "{{.Name}}",
                ]))
        #expect(pods.stdoutText.isEmpty, "pods left behind: \(pods.stdoutText)")
    }

    @Test func anInterruptDuringACombinationRemovesThePodAndExits130() throws {
        try PodImages.ensureAll()
        let suffix = String(UUID().uuidString.prefix(6).lowercased().filter(\.isLetter))
        let base = "itbase\(suffix)", app = "itapp\(suffix)"
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", base).status == 0)
        #expect(try ws.gate("new", app, "--depends-on", base).status == 0)
        let test = "tests/test-\(app)-\(base).sh"
        try ws.write(test, "#!/bin/sh\ntouch \"$(dirname \"$0\")/started\"\nsleep 60\n")
        _ = try ws.run("chmod", ["+x", test])
        try ws.write("services/\(base)/service.yaml", plan(base, image: PodImages.nonRoot))
        try ws.write(
            "services/\(app)/service.yaml", plan(app, image: PodImages.nonRoot, dependsOn: [base], tests: [test]))
        try ws.write("services/\(base)/state.yaml", "phase: ready\n")
        try ws.write("services/\(app)/state.yaml", "phase: combination\n")
        try ws.git("add", "-A")
        try ws.git("commit", "-q", "-m", "services at phase 5 (test set-up)")

        // The CLI runs on a thread of its own (the runner blocks); the test finds its pid by the unique service name.
        let box = Locked<ProcessResult?>(nil)
        let done = DispatchSemaphore(value: 0)
        let root = ws.root
        Thread.detachNewThread {
            let result = try? SystemProcessRunner().run(
                ProcessSpec(
                    GateCLI.binary, ["check", app], workingDirectory: root,
                    timeout: 120))
            box.withLock { $0 = result }
            done.signal()
        }
        let deadline = Date().addingTimeInterval(60)
        while ws.read("tests/started") == nil && Date() < deadline { usleep(100_000) }
        #expect(ws.read("tests/started") != nil, "the integration test never started")
        #expect(!(try podsOf(app)).isEmpty, "the combination pod should exist while its test runs")
        let pgrep = try SystemProcessRunner().run(ProcessSpec("pgrep", ["-f", "podserve-gate check \(app)"]))
        let pid = try #require(pgrep.stdoutText.split(whereSeparator: \.isNewline).first.flatMap { Int32($0) })
        kill(pid, SIGINT)
        done.wait()
        let result = try #require(box.withLock { $0.take() })
        #expect(result.exitCode == 130, "\(result.endDescription): \(result.excerpt())")
        #expect(result.stderrText.contains("interrupted"), "\(result.stderrText)")
        #expect(try podsOf(app).isEmpty, "pods left behind after the interrupt")
        let left = try SystemProcessRunner().run(
            ProcessSpec(
                "podman",
                [
                    "ps", "-a", "--filter", "label=podserve-gate=1", "--filter", "name=pg-\(app)-", "--format",
                    "{{.Names}}",
                ]))
        #expect(left.stdoutText.isEmpty, "containers left behind: \(left.stdoutText)")
    }

    func podsOf(_ service: String) throws -> [String] {
        let result = try SystemProcessRunner().run(
            ProcessSpec(
                "podman",
                [
                    "pod", "ps", "--filter", "label=podserve-gate=1", "--filter", "name=pg-\(service)-", "--format",
                    "{{.Name}}",
                ]))
        return result.stdoutText.split(whereSeparator: \.isNewline).map(String.init)
    }
}
