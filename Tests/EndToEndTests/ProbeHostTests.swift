import Foundation
import Support
import TestSupport
import Testing

/// Host-side probes follow the engine: a `tcp://127.0.0.3:…` engine publishes there and is probed there, an
/// override (`--probe-host`, PODSERVE_PROBE_HOST) changes where probes connect (and fails, naming it, where nothing
/// listens), evidence records the address; `doctor --connection` checks a connection's engine like the local one.
@Suite(.serialized, .podman)
struct ProbeHostTests {
    /// A service in isolation whose readiness is judged by host-side TCP connects to 8080 (`readiness_port`), with
    /// a gate of just health-checks so a probe that cannot connect fails in seconds.
    static func workspace(_ name: String) throws -> GitSandbox {
        try TinyImages.ensureAll()
        let ws = try GitSandbox.workspace()
        try ws.write(
            "gates/2-isolation.yaml",
            """
            phase: isolation
            title: "Phase 2: Isolated Service Development"
            validators:
              - id: health-checks
                kind: health-checks
                with: {readiness_port: 8080, start_timeout: 4s}
            checklist: |
              # SERVICE — isolation
              - [ ] Health checks pass `auto:health-checks`

            """)
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "a one-validator isolation gate")
        #expect(try ws.gate("new", name).status == 0)
        let plan = GitSandbox.completePlan(name)
            .replacingOccurrences(
                of: "image: localhost/podserve-\(name):latest", with: "image: \(TinyImages.wellBehaved.ref)")
        try ws.write("services/\(name)/service.yaml", plan)
        try ws.tickManualItems("services/\(name)/checklists/1-planning.md")
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "plan \(name)")
        let advanced = try ws.gate("advance", name, "--quiet")
        #expect(advanced.status == 0, "\(advanced.stdout)\(advanced.stderr)")
        return ws
    }

    @Test func aTCPEngineIsProbedAtItsURLsHostAndAnOverrideMovesTheProbe() throws {
        let name = "pt\(UInt32.random(in: 1000...9999))"
        let ws = try Self.workspace(name)
        defer { ws.remove() }
        let engine = try SecondEngine(images: [TinyImages.wellBehaved.ref], tcpHost: "127.0.0.3")
        defer { engine.stop() }
        // Published on 127.0.0.3 only: the gate passes only if its probes connect there.
        let check = try ws.gate("check", name, "--url", engine.url, "--format", "json", "--quiet")
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("\"probe_host\" : \"127.0.0.3\""), "\(check.stdout.prefix(3000))")
        #expect(check.stdout.contains("\"probe_host_from\" : \"engine URL\""))
        #expect(try engine.podman(["ps", "-a", "-q"]).stdoutText.isEmpty)
        // The same engine probed at 127.0.0.1, where nothing of it listens: the probe fails and names the address.
        let moved = try ws.gate("check", name, "--url", engine.url, "--probe-host", "127.0.0.1")
        #expect(moved.status == 1, "\(moved.stdout)\(moved.stderr)")
        #expect(moved.stdout.contains("TCP connect to 127.0.0.1:"), "\(moved.stdout)")
        #expect(!moved.stdout.contains("127.0.0.3:"), "\(moved.stdout)")
        // advance records the address in the committed evidence.
        let advance = try ws.gate("advance", name, "--url", engine.url, "--quiet")
        #expect(advance.status == 0, "\(advance.stdout)\(advance.stderr)")
        let evidence = try #require(ws.read("services/\(name)/evidence/2-isolation.json"))
        #expect(evidence.contains("\"probe_host\" : \"127.0.0.3\""), "\(evidence.prefix(2000))")
    }

    @Test func anOverrideWhereNothingListensFailsNamingItAndTheSocketEngineDefaultPasses() throws {
        let name = "po\(UInt32.random(in: 1000...9999))"
        let ws = try Self.workspace(name)
        defer { ws.remove() }
        let engine = try SecondEngine(images: [TinyImages.wellBehaved.ref])
        defer { engine.stop() }
        let plain = try ws.gate("check", name, "--url", engine.url, "--format", "json", "--quiet")
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        #expect(plain.stdout.contains("\"probe_host\" : \"127.0.0.1\""), "\(plain.stdout.prefix(3000))")
        #expect(plain.stdout.contains("\"probe_host_from\" : \"engine socket on this machine\""))
        let moved = try RemoteEngineTests.watch(
            ["check", name, "--url", engine.url], in: ws, engine: engine, service: name,
            environment: ["PODSERVE_PROBE_HOST": "127.0.0.2"])
        #expect(moved.status == 1, "\(moved.stdout)\(moved.stderr)")
        #expect(moved.stdout.contains("TCP connect to 127.0.0.2:"), "\(moved.stdout)")
        #expect(moved.seenLocal.isEmpty)
        #expect(try engine.toolContainers().isEmpty)
        // Unusable overrides are refused before anything runs.
        let flag = try ws.gate("check", name, "--probe-host", "tcp://x:1")
        #expect(flag.status == 64, "\(flag.stderr)")
        #expect(flag.stderr.contains("--probe-host 'tcp://x:1' is not a host name or IP address"), "\(flag.stderr)")
        let variable = try RemoteEngineTests.watch(
            ["check", name], in: ws, engine: engine, service: name,
            environment: ["PODSERVE_PROBE_HOST": "a b"])
        #expect(variable.status == 2, "\(variable.stderr)")
        #expect(
            variable.stderr.contains("PODSERVE_PROBE_HOST 'a b' is not a host name or IP address"), "\(variable.stderr)"
        )
        // Commands that probe nothing do not care.
        let status = try RemoteEngineTests.watch(
            ["status", name], in: ws, engine: engine, service: name,
            environment: ["PODSERVE_PROBE_HOST": "a b"])
        #expect(status.status == 0, "\(status.stderr)")
    }

    @Test func doctorChecksAConnectionsEngineLikeTheLocalOneIncludingItsPublishedPorts() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let probe = "localhost/podserve-gate-probe:latest"
        let engine = try SecondEngine(images: [probe])
        defer { engine.stop() }
        // The connection lives in a containers.conf of the test's own (CONTAINERS_CONF), never the machine's.
        let conf = ws.root + "/containers.conf"
        #expect(FileManager.default.createFile(atPath: conf, contents: nil))
        let connection = "e2-\(UInt32.random(in: 1000...9999))"
        var env = ProcessInfo.processInfo.environment
        env["CONTAINERS_CONF"] = conf
        let add = try SystemProcessRunner().run(
            ProcessSpec(
                "podman", ["system", "connection", "add", connection, engine.url],
                environment: env, timeout: 60))
        #expect(add.succeeded, "\(add.stderr)")
        let doctor = try RemoteEngineTests.watch(
            ["doctor", "--connection", connection], in: ws, engine: engine, service: "doctor",
            environment: ["CONTAINERS_CONF": conf])
        #expect(
            doctor.stdout.contains("OK   engine: connection \(connection): host "), "\(doctor.stdout)\(doctor.stderr)")
        #expect(doctor.stdout.contains("OK   runtime: "), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("OK   trial run: podman run --rm \(probe) worked"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("OK   published port: TCP connect to 127.0.0.1:"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("connection \(connection)'s URL"), "\(doctor.stdout)")
        #expect(doctor.seenLocal.isEmpty)
        #expect(!doctor.seenRemote.isEmpty, "doctor's trial container never appeared on the connection's engine")
        #expect(try engine.toolContainers().isEmpty)
        // Probed where nothing listens: doctor says so, with the fix.
        let moved = try RemoteEngineTests.watch(
            ["doctor", "--connection", connection, "--probe-host", "127.0.0.2"], in: ws,
            engine: engine, service: "doctor", environment: ["CONTAINERS_CONF": conf])
        #expect(moved.status == 3, "\(moved.stdout)")
        #expect(moved.stdout.contains("FAIL published port: TCP connect to 127.0.0.2:"), "\(moved.stdout)")
        #expect(moved.stdout.contains("fix: pass --probe-host"), "\(moved.stdout)")
    }
}
