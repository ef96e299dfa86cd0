import Foundation
import TestSupport

/// A workspace for the report's tests: three services created, approved and moved through planning by the tool's
/// real gate (which asks for an architect's approval), then given three performance baselines each (forged with the git CLI as passing transitions, with
/// `reopen` by the tool in between), and dns taken through two phase-5 combinations.
struct ReportFixture {
    static let services = ["dns", "mail", "web"]
    /// (validator kind, metric, target metric) of each figure the baselines carry.
    static let figures = [
        ("startup-time", "startup_median_s", "target_s"), ("startup-time", "startup_p95_s", "target_s"),
        ("memory", "memory_bytes", "target_bytes"), ("response-time", "p50_ms", "target_ms"),
        ("response-time", "p95_ms", "target_ms"), ("throughput", "per_second", "target_per_second"),
        ("restart-recovery", "recovery_s", "max_s"), ("soak", "slope_bytes_per_hour", "max_growth_bytes_per_hour"),
    ]

    let ws: GitSandbox
    /// Per service, the three baseline commits in order.
    var baselineCommits: [String: [String]] = [:]
    /// The combination commits of dns in order, with the combined memory each recorded.
    var combinationCommits: [(commit: String, memory: Double)] = []

    /// The value of `metric` in baseline `k` (1…3) of the service at `index`: distinct per service and baseline.
    static func value(_ metric: String, index i: Int, baseline k: Int) -> Double {
        let (di, dk) = (Double(i), Double(k))
        switch metric {
        case "startup_median_s": return 0.2 + 0.1 * dk + 0.01 * di
        case "startup_p95_s": return 0.25 + 0.1 * dk + 0.01 * di
        case "memory_bytes": return 1_000_000 * (10 + dk + di)
        case "p50_ms": return 5 + dk + di
        case "p95_ms": return 2 * (5 + dk + di)
        case "per_second": return 1000 * (dk + 1) + di
        case "recovery_s": return 0.5 * dk
        case "slope_bytes_per_hour": return -1000 * dk + 500 * di
        default: return 0
        }
    }

    static func target(_ metric: String) -> Double {
        switch metric {
        case "target_s": return 5
        case "target_bytes": return 100_000_000
        case "target_ms": return 100
        case "target_per_second": return 500
        case "max_s": return 10
        default: return 10_000_000
        }
    }

    static func make() throws -> ReportFixture {
        var fixture = ReportFixture(ws: try GitSandbox.workspace())
        let ws = fixture.ws
        let planning = ws.read("gates/1-planning.yaml") ?? ""
        try ws.commit(
            [
                "gates/1-planning.yaml": planning
                    + "approvals: {role: architecture, required: 1, approvers: [test@example.com]}\n"
            ],
            message: "planning needs an architect")
        for (index, service) in services.enumerated() {
            let deps = service == "dns" ? [] : ["dns"]
            try ws.expectGate(["new", service] + (deps.isEmpty ? [] : ["--depends-on", deps.joined(separator: ",")]))
            try ws.preparePlanning(service, dependsOn: deps)
            try ws.expectGate(["approve", service, "--role", "architecture"])
            try ws.expectGate(["advance", service])
            try ws.forgeTransition(service, from: "isolation", to: "performance")
            for k in 1...3 {
                if k > 1 {
                    try ws.expectGate([
                        "reopen", service, "--to", "performance", "--reason",
                        "baseline \(k) of \(service): image rebuilt, see https://example.org/issues/\(k)",
                    ])
                }
                fixture.baselineCommits[service, default: []].append(
                    try fixture.forgeBaseline(service, index: index, baseline: k))
            }
        }
        try ws.forgeTransition("dns", from: "integration-planning", to: "combination")
        for (round, memory) in [11_109_000.0, 13_783_000.0].enumerated() {
            if round > 0 {
                try ws.expectGate(["reopen", "dns", "--to", "combination", "--reason", "mail image changed"])
            }
            fixture.combinationCommits.append((try fixture.forgeCombination(memory: memory), memory))
        }
        return fixture
    }

    /// A passing performance -> integration-planning transition whose evidence holds every baseline figure.
    func forgeBaseline(_ service: String, index: Int, baseline k: Int) throws -> String {
        let byKind = Dictionary(grouping: Self.figures, by: \.0)
        let validators = byKind.keys.sorted().map { kind -> String in
            var metrics: [String] = []
            for (_, metric, target) in byKind[kind] ?? [] {
                metrics.append("\"\(metric)\": \(Self.value(metric, index: index, baseline: k))")
                metrics.append("\"\(target)\": \(Self.target(target))")
            }
            return Self.record(id: kind, kind: kind, metrics: Array(Set(metrics)).sorted())
        }
        return try commitEvidence(
            service, from: "performance", to: "integration-planning", number: 3, validators: validators)
    }

    /// A passing combination -> production transition of dns with one pair and its combined memory.
    func forgeCombination(memory: Double) throws -> String {
        let metrics = [
            "\"combinations\": 1", "\"c1.name\": \"pair dns+mail\"", "\"c1.status\": \"pass\"",
            "\"c1.memory_bytes\": \(memory)", "\"c1.memory_limit_bytes\": 200000000",
        ]
        return try commitEvidence(
            "dns", from: "combination", to: "production", number: 5,
            validators: [Self.record(id: "combinations", kind: "combinations", metrics: metrics)])
    }

    static func record(id: String, kind: String, metrics: [String]) -> String {
        """
        {"id": "\(id)", "kind": "\(kind)", "status": "pass", "attempts": 1, "passes": 1, "duration_ms": 12, \
        "message": "ok", "output": "", "metrics": {\(metrics.joined(separator: ", "))}}
        """
    }

    /// The `inputs` a gate run on HEAD would record (verify recomputes them from the transition's parent), read
    /// with the git CLI: the service folder without evidence/ and state.yaml, gates/, base-images.yaml and the
    /// plans of the dependency closure (dns for the others).
    private func inputs(_ service: String) throws -> String {
        let listing = try ws.git("ls-tree", "HEAD:services/\(service)").split(separator: "\n")
            .filter { !$0.hasSuffix("\tstate.yaml") && !$0.hasSuffix("\tevidence") }.joined(separator: "\n")
        let serviceTree = try ws.git(["mktree"], input: listing + "\n")
        var paths = ["\"base-images.yaml\": \"\((try? ws.git("rev-parse", "HEAD:base-images.yaml")) ?? "-")\""]
        if service != "dns" {
            paths.append(
                "\"services/dns/service.yaml\": \"\(try ws.git("rev-parse", "HEAD:services/dns/service.yaml"))\"")
        }
        return "{\"commit\": \"\(try ws.git("rev-parse", "HEAD"))\", \"service\": \"\(serviceTree)\", "
            + "\"gates\": \"\(try ws.git("rev-parse", "HEAD:gates"))\", \"paths\": {\(paths.joined(separator: ", "))}}"
    }

    /// Writes the evidence (as `Evidence` encodes it), ticks the phase's manual items, moves the state, and
    /// commits with gate trailers naming the evidence blob; returns the commit id.
    private func commitEvidence(_ service: String, from: String, to: String, number: Int, validators: [String]) throws
        -> String
    {
        // A person's sign-off comes first, in its own commit (a transition may tick only automated items).
        let checklist = "services/\(service)/checklists/\(number)-\(from).md"
        try ws.tickManualItems(checklist)
        try ws.git("add", checklist)
        if !(try ws.git("diff", "--cached", "--name-only")).isEmpty {
            try ws.git("commit", "-q", "-m", "\(service): sign off \(from)")
        }
        let path = "services/\(service)/evidence/\(number)-\(from).json"
        let evidence = """
            {"tool": "podserve-gate", "tool_version": "0.2.0", "service": "\(service)", "phase": "\(from)", \
            "started_at": "2026-11-27T03:18:18.002Z", "finished_at": "2026-11-27T04:18:52.412Z", "passed": true, \
            "environment": {"cpus": "2"}, "artifacts": {}, "inputs": \(try inputs(service)), \
            "validators": [\(validators.joined(separator: ", "))]}

            """
        try ws.write(path, evidence)
        try ws.write(
            "services/\(service)/state.yaml",
            "# written by podserve-gate; change it with podserve-gate advance/reopen\nphase: \(to)\n")
        try ws.git("add", "services/\(service)")
        let blob = try ws.git("hash-object", path)
        try ws.git(
            "commit", "-q", "-m",
            """
            gate(\(service)): \(from) -> \(to)

            Gate-Service: \(service)
            Gate-From: \(from)
            Gate-To: \(to)
            Gate-Evidence: \(blob)
            Signed-off-by: Test Person <test@example.com>
            """)
        return try ws.git("rev-parse", "HEAD")
    }
}
