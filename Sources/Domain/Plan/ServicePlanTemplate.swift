extension ServicePlan {
    /// Where editors find the plan's JSON Schema, relative to `services/<name>/service.yaml`: the file that
    /// `podserve-gate schema service --out .podserve-gate/service.schema.json` writes at the workspace root.
    package static let schemaPath = ".podserve-gate/service.schema.json"

    /// The `service.yaml` that `podserve-gate new` writes: every key present and explained, the answers left
    /// empty (TODO), so the planning gate fails until a person fills them in. Its first line names the schema
    /// (the yaml-language-server convention that VS Code, Neovim and Helix read) so editors complete keys.
    package static func template(name: ServiceName, image: String, dependsOn: [ServiceName]) -> String {
        func c(_ content: String, _ comment: String) -> String { YAMLText.commented(content, comment) }
        let lines: [String] = [
            "# yaml-language-server: $schema=../../\(schemaPath)",
            "# The plan of \(name) (seed \"\(Phase.planning.title)\"; keys in SPEC §3).",
            "# Answer every TODO, then run `podserve-gate advance \(name)`: the planning gate refuses empty values.",
            "# Durations are written 500ms, 2s, 1m, 1h; memory 64MiB or 100MB; throughput 1000/s.",
            "",
            c("name: \(YAMLText.scalar(name.rawValue))", "equals the folder name services/\(name)"),
            c("scope: \"\"", "TODO one sentence: what does this service do?"),
            c("image: \(YAMLText.scalar(image))", "the image the gates run"),
            c("build: ~", "optional: build context (relative to this folder) holding a Containerfile, e.g. ."),
            c("command: ~", "optional: overrides the image's command, e.g. [postfix, start-fg]"),
            c("ports: []", "TODO ports/protocols it serves, e.g. [25/tcp, 53/udp]"),
            c("data: ~", "TODO what it persists, e.g. [/var/spool/postfix]; [] for nothing"),
            "config:",
            c("  env: ~", "TODO non-secret settings passed with -e, e.g. {DOMAIN: podserve.local}; {} for none"),
            c(
                "  render: ~",
                "optional: proves the config renders, run in the container, e.g. [/usr/local/bin/render-config, --check]"
            ),
            c("health:", "probes run inside the container with podman exec"),
            c("  liveness:", "is the process alive? (failing means: restart it)"),
            c("    command: []", "TODO argument array, e.g. [/usr/local/bin/health-check.sh, live]"),
            c("    timeout: ~", "TODO how long the probe may take, e.g. 2s"),
            c("  readiness:", "can it serve? (dependents wait for readiness)"),
            c("    command: []", "TODO argument array, e.g. [/usr/local/bin/health-check.sh, ready]"),
            c("    timeout: ~", "TODO e.g. 2s"),
            c("targets:", "what the performance gate measures against"),
            c("  startup: ~", "TODO acceptable time from start to ready, e.g. 5s"),
            c("  memory: ~", "TODO acceptable memory use, e.g. 100MB"),
            c("  response: ~", "TODO response-time target, e.g. 100ms"),
            c("  throughput: ~", "optional: expected throughput, e.g. 1000/s"),
            c("  soak: 1h", "leak-check window (default 1h)"),
            c("testing:", "the testing strategy"),
            c("  unit: \"\"", "TODO how it is tested in isolation"),
            c("  integration: \"\"", "TODO which integration points need testing"),
            c("  performance: \"\"", "TODO which benchmarks run, e.g. \"query load test\""),
            c("  failure: []", "TODO failure modes to test, e.g. [\"config errors\"]"),
            c(
                "depends_on: \(YAMLText.flow(dependsOn.map(\.rawValue)))",
                "services this one needs; they must exist and form no cycle"),
            c("integration:", "filled in phase 4 (integration planning)"),
            c("  communication: []", "how it talks to each dependency, e.g. [\"resolves names through dns\"]"),
            c("  shared: ~", "shared volumes/configs; [] for none"),
            c("  failure: []", "what happens when a dependency fails, e.g. [\"dns restarted: retries and recovers\"]"),
            c("  tests: []", "integration test scripts, e.g. [tests/integration/test-\(name)-dns.sh]"),
            "# Optional sections read by later gates:",
            c("# security:", "production: why the service needs privileges"),
            "#   root_reason: \"binds port 25 before dropping privileges\"",
            "#   capabilities: [{name: CAP_NET_BIND_SERVICE, reason: \"binds port 25\"}]",
            c("# load:", "performance: drives load for response time and throughput"),
            "#   command: [tests/performance/load-\(name).sh]",
            c("# clean_logs:", "isolation: startup log lines that count as errors"),
            "#   patterns: [ERROR, FATAL, Traceback]",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
