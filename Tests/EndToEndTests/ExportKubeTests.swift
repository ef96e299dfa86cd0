import Foundation
import Support
import TestSupport
import Testing

/// `export kube` through the binary: the Pod YAML phase 5 runs, accepted by `podman kube play` and by the
/// Kubernetes API schemas (`kubernetes-validate --strict`, installed by scripts/install-deps.sh).
@Suite(.serialized, .podman) struct ExportKubeTests {
    /// base (serves 8080, a data volume), app depends on base, lone depends on nothing; all on tiny images.
    static func workspace() throws -> GitSandbox {
        try TinyImages.ensureAll()
        let ws = try GitSandbox.workspace()
        for (name, deps) in [("base", [String]()), ("app", ["base"]), ("lone", [])] {
            let plan = GitSandbox.tinyImagePlan(name, dependsOn: deps)
            try ws.write("services/\(name)/service.yaml", plan)
        }
        return ws
    }

    /// `python3 -m kubernetes_validate --strict FILE`: exit status and output.
    static func kubernetesValidate(_ yaml: String) throws -> ProcessResult {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kv-\(UUID().uuidString).yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try SystemProcessRunner().run(
            ProcessSpec(
                "python3", ["-m", "kubernetes_validate", "--strict", path],
                timeout: 120))
        if result.stderrText.contains("No module named kubernetes_validate") {
            Issue.record("kubernetes-validate is not installed: run scripts/install-deps.sh")
        }
        return result
    }

    @Test func fullPodListsEveryServiceInStartOrderWithProbesEnvVolumesAndRequests() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        let result = try ws.gate("export", "kube")
        #expect(result.status == 0, "\(result.stderr)")
        let yaml = result.stdout
        let base = try #require(yaml.range(of: "- name: \"base\""))
        let app = try #require(yaml.range(of: "- name: \"app\""))
        #expect(base.lowerBound < app.lowerBound, "base must start before app")
        #expect(yaml.contains("- name: \"lone\""))
        for expected in [
            "name: \"podserve-base-app-lone\"", "\"podserve-gate/combination\": \"base+app+lone\"",
            "livenessProbe:\n      exec: {command: [\"test\", \"-f\", \"/tmp/alive\"]}",
            "readinessProbe:\n      exec: {command: [\"test\", \"-f\", \"/tmp/ready\"]}",
            "requests: {memory: \"100000000\"}", "{name: \"DOMAIN\", value: \"podserve.local\"}",
            "{name: \"app-data-1\", mountPath: \"/var/lib/app\"}", "emptyDir: {}", "restartPolicy: Never",
            // The tiny images set no PATH: the export injects it exactly as phase 5 does.
            "{name: \"PATH\", value: \"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"}",
        ] {
            #expect(yaml.contains(expected), "missing \(expected) in\n\(yaml)")
        }
        let valid = try Self.kubernetesValidate(yaml)
        #expect(valid.succeeded, "kubernetes-validate --strict: \(valid.stdoutText)\(valid.stderrText)")
    }

    @Test func podmanKubePlayRunsTheExportedPodHealthy() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        let result = try ws.gate("export", "kube", "--combination", "app")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\"lone\""), "lone is neither app nor one of its dependencies")
        // A name of this test's own, so the pod label selects exactly what this test started.
        let pod = "pgx-\(UUID().uuidString.prefix(8).lowercased())"
        let yaml = result.stdout.replacingOccurrences(of: "podserve-base-app", with: pod)
        let path = ws.root + "/pod.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let runner = SystemProcessRunner()
        let filter = "label=podserve-gate.pod=\(pod)"
        defer {
            _ = try? runner.run(ProcessSpec("podman", ["kube", "down", path], timeout: 120))
            _ = try? runner.run(ProcessSpec("podman", ["pod", "rm", "-f", "-t", "0", pod], timeout: 120))
        }
        let play = try runner.run(ProcessSpec("podman", ["kube", "play", path], timeout: 300))
        #expect(play.succeeded, "podman kube play: \(play.excerpt())")
        for service in ["base", "app"] {
            var ready = false
            let deadline = Date().addingTimeInterval(30)
            while !ready && Date() < deadline {
                ready = try runner.run(
                    ProcessSpec(
                        "podman", ["exec", "\(pod)-\(service)", "test", "-f", "/tmp/ready"],
                        timeout: 30)
                ).succeeded
                if !ready { usleep(200_000) }
            }
            #expect(ready, "\(service) never became ready in the exported pod")
        }
        let labelled = try runner.run(
            ProcessSpec("podman", ["ps", "-a", "--filter", filter, "--format", "{{.Names}}"], timeout: 60))
        #expect(
            Set(labelled.stdoutText.split(whereSeparator: \.isNewline).map(String.init))
                .isSuperset(of: ["\(pod)-base", "\(pod)-app"]), "\(labelled.stdoutText)")
        let down = try runner.run(ProcessSpec("podman", ["kube", "down", path], timeout: 120))
        #expect(down.succeeded, "podman kube down: \(down.excerpt())")
        let left = try runner.run(
            ProcessSpec("podman", ["ps", "-a", "--filter", filter, "--format", "{{.Names}}"], timeout: 60))
        #expect(left.stdoutText.isEmpty, "left behind: \(left.stdoutText)")
    }

    @Test func thisRepositorysOwnFullPodValidatesStrictly() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let result = try sandbox.gate(["-C", GateCLI.packageRoot, "export", "kube", "--combination", "full"])
        #expect(result.status == 0, "\(result.stderr)")
        let yaml = result.stdout
        for service in ["dns", "apache", "mail"] {
            #expect(yaml.contains("- name: \"\(service)\""), "\(service) missing")
        }
        #expect(yaml.contains("exec: {command: [\"/usr/local/bin/health-check.sh\", \"ready\"]}"))
        let valid = try Self.kubernetesValidate(yaml)
        #expect(valid.succeeded, "kubernetes-validate --strict: \(valid.stdoutText)\(valid.stderrText)")
    }

    @Test func strictValidationRejectsAFieldKubernetesDoesNotKnow() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        let yaml = try ws.gate("export", "kube").stdout
        // The check can fail: a misspelt probe field is refused (so a pass above means something).
        let broken = yaml.replacingOccurrences(of: "timeoutSeconds:", with: "timeoutSecs:")
        #expect(broken != yaml)
        #expect(!(try Self.kubernetesValidate(broken)).succeeded)
    }

    @Test func unknownServiceAndBrokenPlanAreBadInput() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        let unknown = try ws.gate("export", "kube", "--combination", "app+nope")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("'nope' is not a service (known: app, base, lone)"), "\(unknown.stderr)")
        #expect(unknown.stdout.isEmpty)
        try ws.write("services/base/service.yaml", "name: base\nports: [8080/tcp\n")
        let broken = try ws.gate("export", "kube", "--combination", "app")
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("services/base/service.yaml:"), "\(broken.stderr)")
    }
}
