import Foundation
import Support
import Synchronization

@testable import Engine

/// A `ContainerEngine` whose answers a test scripts, so validator logic (soak slope, SIGTERM handling, retries,
/// health-wait decisions, startup timing, thresholds) runs in milliseconds without podman. It records every
/// call so a test can also check what the validator asked for (the grace period, that each container is removed).
/// The real-podman suites stay: they prove `Podman` does what this fake pretends.
final class ScriptedEngine: ContainerEngine, Sendable {
    /// What a test scripts; each closure gets the container id and how many times it was asked before (0-based).
    struct Script: Sendable {
        var image: ImageInfo? = ImageInfo(id: "sha256:fake", digest: nil, user: "app", env: [:], exposedPorts: [])
        /// Seconds from `run` to readiness for the n-th container started (nil: never ready); default 0.05.
        var readyAfter: @Sendable (_ run: Int) -> Double? = { _ in 0.05 }
        /// Non-health `exec` calls (health waits are answered from `readyAfter`).
        var exec: @Sendable (_ container: String, _ command: [String]) -> ProcessResult = { _, _ in
            ScriptedEngine.result(0)
        }
        var state: @Sendable (_ container: String, _ call: Int) -> ContainerState = { _, _ in ScriptedEngine.running }
        var memory: @Sendable (_ container: String, _ call: Int) throws -> UInt64 = { _, _ in 10_000_000 }
        var stop: @Sendable (_ container: String, _ grace: Int) -> StopResult = { _, _ in
            StopResult(seconds: 0.2, exitCode: 0)
        }
        var logs: @Sendable (_ container: String) -> String = { _ in "" }
        /// Thrown by `run` for the n-th start, if any.
        var runError: @Sendable (_ run: Int) -> Error? = { _ in nil }
        /// False for an image without `sh`: health-wait scripts then go to `exec` like any other command.
        var shell = true
    }

    /// One recorded call: the operation and its main arguments.
    struct Call: Sendable, Equatable {
        var op: String
        var container: String
        var detail: String = ""
    }

    private struct Book {
        var calls: [Call] = []
        var runs: [(id: String, request: RunRequest, wall: Double)] = []
        var stateCalls: [String: Int] = [:]
        var memoryCalls: [String: Int] = [:]
    }

    let script: Script
    let runLabel = RunLabel(runID: "fake")
    private let book = Mutex(Book())

    init(_ script: Script = Script()) { self.script = script }

    static let running = ContainerState(
        status: "running", running: true, exitCode: 0, oomKilled: false, health: "", startedAt: nil)

    static func exited(_ code: Int32, oom: Bool = false) -> ContainerState {
        ContainerState(status: "exited", running: false, exitCode: code, oomKilled: oom, health: "", startedAt: nil)
    }

    static func result(_ code: Int32, stdout: String = "", stderr: String = "") -> ProcessResult {
        ProcessResult(
            exitCode: code, signal: nil, stdout: Data(stdout.utf8), stderr: Data(stderr.utf8),
            stdoutTotal: stdout.utf8.count, stderrTotal: stderr.utf8.count, duration: 0.01, timedOut: false)
    }

    /// Every call so far, in order.
    var calls: [Call] { book.withLock { $0.calls } }
    /// Run requests so far, in order.
    var requests: [RunRequest] { book.withLock { $0.runs.map(\.request) } }
    /// Ids of containers started so far.
    var started: [String] { book.withLock { $0.runs.map(\.id) } }
    /// Ids passed to `remove`, in order.
    var removed: [String] { calls.filter { $0.op == "remove" }.map(\.container) }

    private func record(_ op: String, _ container: String, _ detail: String = "") {
        book.withLock { $0.calls.append(Call(op: op, container: container, detail: detail)) }
    }

    func imageInfo(_ ref: String) throws -> ImageInfo? { record("imageInfo", ref); return script.image }

    func build(
        context: String, containerfile: String?, tag: String, labels: [String: String],
        timeout: TimeInterval
    ) throws -> BuildResult {
        record("build", tag)
        return BuildResult(succeeded: true, logTail: "", seconds: 0, end: "exit 0")
    }

    func untag(_ ref: String) throws { record("untag", ref) }
    func tag(_ image: String, as ref: String) throws { record("tag", image, ref) }

    func run(_ request: RunRequest) throws -> String {
        let n = book.withLock { $0.runs.count }
        record("run", request.name)
        if let error = script.runError(n) { throw error }
        let id = "fake-\(n)"
        book.withLock { $0.runs.append((id, request, HostClock.wall())) }
        return id
    }

    /// Health-wait scripts get `live`/`ready` lines stamped with the wall clock `readyAfter` seconds after `run`;
    /// a never-ready container makes the script fail as it would at its time limit.
    func exec(_ container: String, _ command: [String], timeout: TimeInterval) throws -> ProcessResult {
        record("exec", container, command.joined(separator: " "))
        if script.shell, command.count == 3, command[0] == "sh", command[2].contains("echo ready; stamp") {
            let (index, wall) = book.withLock { b in
                let i = b.runs.firstIndex { $0.id == container } ?? 0
                return (i, b.runs.isEmpty ? HostClock.wall() : b.runs[i].wall)
            }
            guard let after = script.readyAfter(index) else { return Self.result(124, stderr: "timed out") }
            let stampLive = String(format: "%.6f", wall + after / 2), stampReady = String(format: "%.6f", wall + after)
            return Self.result(0, stdout: "live\nstamp epoch-s \(stampLive)\nready\nstamp epoch-s \(stampReady)\n")
        }
        return script.exec(container, command)
    }

    func stop(_ container: String, timeout: Int) throws -> StopResult {
        record("stop", container, "\(timeout)")
        return script.stop(container, timeout)
    }

    func state(_ container: String) throws -> ContainerState {
        record("state", container)
        let n = book.withLock { b in
            defer { b.stateCalls[container, default: 0] += 1 }; return b.stateCalls[container, default: 0]
        }
        return script.state(container, n)
    }

    func logs(_ container: String) throws -> String { record("logs", container); return script.logs(container) }

    func memoryBytes(_ container: String) throws -> UInt64 {
        record("memory", container)
        let n = book.withLock { b in
            defer { b.memoryCalls[container, default: 0] += 1 }; return b.memoryCalls[container, default: 0]
        }
        return try script.memory(container, n)
    }

    func restart(_ container: String, timeout: Int) throws { record("restart", container) }
    func remove(_ container: String) throws { record("remove", container) }
    func removeAll(filter: String) throws -> [String] { record("removeAll", filter); return [] }
    func processUsers(_ container: String) throws -> [String] { ["app"] }
    func hostPort(_ container: String, containerPort: Int, proto: String) throws -> Int? { nil }
    func kubePlay(_ yamlPath: String) throws -> ProcessResult { Self.result(0) }
    func kubeDown(_ yamlPath: String) throws -> ProcessResult { Self.result(0) }
}
