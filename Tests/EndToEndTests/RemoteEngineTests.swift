import Foundation
import Support
import TestSupport
import Testing

/// `--url` / `CONTAINER_HOST`: gates, builds and the Ctrl-C cleanup on a second engine with its own storage
/// (`SecondEngine`), never on the local one; evidence names the engine; an unreachable engine is exit 3.
@Suite(.serialized, .podman)
struct RemoteEngineTests {
    /// Runs the binary with extra environment; samples both engines' containers of `service` every 100 ms meanwhile.
    struct Watched {
        var status: Int32
        var stdout: String
        var stderr: String
        var seenLocal: Set<String>
        var seenRemote: Set<String>
    }

    static func watch(
        _ arguments: [String], in ws: GitSandbox, engine: SecondEngine, service: String,
        environment: [String: String] = [:], interruptWhenRemoteRuns: Bool = false
    ) throws -> Watched {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GateCLI.binary)
        process.arguments = ["-C", ws.root] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = ws.root + "/.out-\(UUID().uuidString)", err = ws.root + "/.err-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        try process.run()
        var local: Set<String> = [], remote: Set<String> = []
        var interrupted = false
        while process.isRunning {
            local.formUnion(try RuntimeCLITests.containers(named: service))
            let now = try engine.toolContainers().filter { $0.contains("-\(service)-") }
            remote.formUnion(now)
            if interruptWhenRemoteRuns && !interrupted && !now.isEmpty {
                process.interrupt()
                interrupted = true
            }
            usleep(100_000)
        }
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: err) }
        return Watched(
            status: process.terminationStatus, stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "", seenLocal: local, seenRemote: remote)
    }

    @Test func checkAndAdvanceRunOnTheRemoteEngineAndEvidenceNamesIt() throws {
        let name = "rm\(UInt32.random(in: 1000...9999))"
        let ws = try RuntimeCLITests.isolationWorkspace(name, image: TinyImages.wellBehaved.ref)
        defer { ws.remove() }
        let engine = try SecondEngine(images: [TinyImages.wellBehaved.ref])
        defer { engine.stop() }
        let check = try Self.watch(
            ["check", name, "--url", engine.url, "--format", "json", "--quiet"], in: ws,
            engine: engine, service: name)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(!check.seenRemote.isEmpty, "no container of the gate was seen on the remote engine")
        #expect(check.seenLocal.isEmpty, "containers on the local engine: \(check.seenLocal)")
        #expect(check.stdout.contains("\"engine\" : \"\(engine.url)\""), "\(check.stdout.prefix(3000))")
        #expect(check.stdout.contains("\"podman_version\""))
        // The same through podman's own variable, and advance lands with the engine in its evidence.
        let advance = try Self.watch(
            ["advance", name, "--quiet"], in: ws, engine: engine, service: name,
            environment: ["CONTAINER_HOST": engine.url])
        #expect(advance.status == 0, "\(advance.stdout)\(advance.stderr)")
        #expect(advance.seenLocal.isEmpty, "containers on the local engine: \(advance.seenLocal)")
        #expect(!advance.seenRemote.isEmpty)
        let evidence = try #require(ws.read("services/\(name)/evidence/2-isolation.json"))
        #expect(evidence.contains("\"engine\" : \"\(engine.url)\""), "\(evidence.prefix(2000))")
        #expect(evidence.contains("\"hostname\""))
        #expect(try engine.toolContainers().isEmpty)
    }

    @Test func ctrlCDuringARemoteGateRemovesTheRemoteContainers() throws {
        let name = "ri\(UInt32.random(in: 1000...9999))"
        let ws = try RuntimeCLITests.isolationWorkspace(name, image: TinyImages.delayed.ref)
        defer { ws.remove() }
        let engine = try SecondEngine(images: [TinyImages.delayed.ref])
        defer { engine.stop() }
        let run = try Self.watch(
            ["check", name, "--url", engine.url, "--quiet"], in: ws, engine: engine, service: name,
            interruptWhenRemoteRuns: true)
        #expect(run.status == 130, "\(run.stdout)\(run.stderr)")
        #expect(!run.seenRemote.isEmpty)
        #expect(run.seenLocal.isEmpty)
        #expect(
            try engine.toolContainers().filter { $0.contains("-\(name)-") }.isEmpty,
            "the interrupt left remote containers")
    }

    @Test func buildAndDoctorUseTheRemoteEngine() throws {
        let name = "rb\(UInt32.random(in: 1000...9999))"
        let ws = try RuntimeCLITests.isolationWorkspace(name, image: "localhost/pgx-\(name):t")
        defer { ws.remove() }
        let engine = try SecondEngine(images: [TinyImages.wellBehaved.ref])
        defer { engine.stop() }
        let plan = try #require(ws.read("services/\(name)/service.yaml"))
        try ws.write("services/\(name)/service.yaml", plan + "build: .\n")
        try ws.write(
            "services/\(name)/Containerfile", "FROM \(TinyImages.wellBehaved.ref)\nLABEL built.by=remote-test\n")
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "build context")  // build reads HEAD's committed context
        let build = try ws.gate("build", name, "--url", engine.url)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        #expect(
            try engine.podman(["image", "exists", "localhost/pgx-\(name):t"]).succeeded,
            "not built on the remote engine")
        let local = try SystemProcessRunner().run(
            ProcessSpec("podman", ["image", "exists", "localhost/pgx-\(name):t"], timeout: 60))
        #expect(!local.succeeded, "the image appeared in the local engine")
        let doctor = try ws.gate("doctor", "--url", engine.url)
        #expect(doctor.stdout.contains("OK   engine: \(engine.url): host "), "\(doctor.stdout)")
        #expect(
            doctor.stdout.contains("OK   image \(name): localhost/pgx-\(name):t built from HEAD's"), "\(doctor.stdout)")
    }

    @Test func enginesSpreadTheServicesOverTwoRemoteEngines() throws {
        let tag = UInt32.random(in: 1000...9999)
        let names = ["ea\(tag)", "eb\(tag)"]
        let ws = try ParallelGateTests.workspace(names)
        defer { ws.remove() }
        let first = try SecondEngine(images: [TinyImages.wellBehaved.ref])
        defer { first.stop() }
        let second = try SecondEngine(images: [TinyImages.wellBehaved.ref])
        defer { second.stop() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GateCLI.binary)
        process.arguments = [
            "-C", ws.root, "check", names[0], names[1], "--engines", "\(first.url),\(second.url)", "--quiet",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen: [String: Set<String>] = [first.url: [], second.url: []]
        var local: Set<String> = []
        while process.isRunning {
            seen[first.url]?.formUnion(try first.toolContainers())
            seen[second.url]?.formUnion(try second.toolContainers())
            for name in names { local.formUnion(try RuntimeCLITests.containers(named: name)) }
            usleep(100_000)
        }
        #expect(process.terminationStatus == 0)
        #expect(local.isEmpty, "containers on the local engine: \(local)")
        // One service per engine (worker 1 on the first, worker 2 on the second), each wholly on its engine.
        let onFirst = names.filter { name in seen[first.url]!.contains { $0.contains("-\(name)-") } }
        let onSecond = names.filter { name in seen[second.url]!.contains { $0.contains("-\(name)-") } }
        #expect(
            onFirst.count == 1 && onSecond.count == 1 && Set(onFirst + onSecond) == Set(names),
            "first engine ran \(onFirst), second \(onSecond)")
        #expect(try first.toolContainers().isEmpty && second.toolContainers().isEmpty)
    }

    @Test func anUnreachableEngineIsAnEnvironmentErrorWithTheURLAndTheFix() throws {
        let name = "ru\(UInt32.random(in: 1000...9999))"
        let ws = try RuntimeCLITests.isolationWorkspace(name, image: TinyImages.wellBehaved.ref)
        defer { ws.remove() }
        let url = "unix://" + ws.root + "/no-engine.sock"
        let before = try ws.git("rev-parse", "HEAD")
        for args in [["check", name, "--url", url], ["advance", name, "--url", url], ["build", "--url", url]] {
            let result = try ws.gate(args)
            #expect(result.status == 3, "\(args): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("the Podman engine \(url) cannot be reached"), "\(result.stderr)")
            #expect(result.stderr.contains("podman system service --time=0 \(url)"), "\(result.stderr)")
        }
        let doctor = try ws.gate("doctor", "--url", url)
        #expect(doctor.status == 3)
        #expect(doctor.stdout.contains("FAIL engine: \(url) does not answer"), "\(doctor.stdout)")
        #expect(try ws.git("rev-parse", "HEAD") == before)
        let both = try ws.gate("check", name, "--url", url, "--connection", "x")
        #expect(both.status == 64, "\(both.stderr)")
    }
}
