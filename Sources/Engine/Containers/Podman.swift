import Foundation
import Support

/// The real `ContainerEngine`: `podman` (found via PATH) driven with argument arrays through a `ProcessRunner`.
package struct Podman: ContainerEngine {
    package let runner: ProcessRunner
    package let executable: String
    package let runLabel: RunLabel
    /// The engine every call goes to (global `--url` / `--connection`, added in `spec`).
    package let target: EngineTarget
    /// Limit for quick podman calls (inspect, stats, rm…), so a wedged podman cannot hang a gate.
    package var callTimeout: TimeInterval = 60
    /// Where host-side probes reach the published ports (set by the CLI from the engine URL or `--probe-host`).
    package var probeAddress: ProbeAddress = .loopback

    package init(
        runner: ProcessRunner = SystemProcessRunner(), executable: String = "podman",
        runLabel: RunLabel = .current, target: EngineTarget = .local
    ) {
        self.runner = runner
        self.executable = executable
        self.runLabel = runLabel
        self.target = target
    }

    /// Removes every container and pod this process's run started on `target`: what the CLI's SIGINT/SIGTERM
    /// handler calls for each engine of the run before exiting 130 (after `ChildRegistry.shared.cancelAll()` and
    /// `allowCleanup()`).
    ///
    /// On an interrupt a `podman run` may still be creating a container when the first pass lists them (the
    /// client was signalled mid-create and finishes, or the container is locked while it is made): so passes
    /// repeat, half a second apart, until one finds nothing of the run's label left (or `passes` are done; a pass
    /// that fails counts as not done).
    @discardableResult
    package static func removeEverything(
        runID: String, target: EngineTarget = .local,
        runner: ProcessRunner = SystemProcessRunner(), passes: Int = 8
    ) -> [String] {
        let podman = Podman(runner: runner, runLabel: RunLabel(runID: runID), target: target)
        var removed: [String] = []
        for pass in 0..<max(1, passes) {
            if pass > 0 { usleep(500_000) }
            guard let found = try? podman.removeAll(filter: podman.runLabel.filter) else { continue }
            if found.isEmpty { break }
            removed += found
        }
        return removed + BuildLeftovers.removeInFlight(podman)
    }

    package var childEnvironment: [String: String] { target.childEnvironment }

    // MARK: images

    package func imageInfo(_ ref: String) throws -> ImageInfo? {
        let result = try call(["image", "inspect", "--format", "json", ref], check: false)
        guard result.succeeded else {
            let text = result.stderrText.lowercased()
            if text.contains("not known") || text.contains("no such image") || text.contains("failed to find image") {
                return nil
            }
            throw failure(["image", "inspect", ref], result)
        }
        return try PodmanJSON.image(result.stdout, command: "podman image inspect \(ref)")
    }

    package func build(
        context: String, containerfile: String?, tag: String, labels: [String: String],
        timeout: TimeInterval
    ) throws -> BuildResult {
        var args = ["build", "-t", tag]
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) { args += ["--label", "\(key)=\(value)"] }
        if let containerfile { args += ["-f", containerfile] }
        args.append(context)
        // Stopped mid-build (timeout, interrupt), podman leaves its working container: noted, then removed.
        let file =
            containerfile
            ?? ["Containerfile", "Dockerfile"].map { context + "/" + $0 }.first {
                FileManager.default.fileExists(atPath: $0)
            }
        let text = file.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        let token = BuildLeftovers.begin(
            .init(
                target: target, prefixes: BuildLeftovers.prefixes(containerfile: text),
                since: Int(Date().timeIntervalSince1970)))
        let result: ProcessResult
        do {
            result = try runner.run(spec(args, timeout: timeout, outputLimit: 64 * 1024))
        } catch {
            settle(token, stopped: true)
            throw error
        }
        settle(token, stopped: result.timedOut || result.signal != nil)
        return BuildResult(
            succeeded: result.succeeded, logTail: result.excerpt(limit: 3000),
            seconds: result.duration, end: result.endDescription)
    }

    /// Ends or abandons a build's note and sweeps; after an interrupt the note stays for the cleanup (this thread
    /// may no longer start podman).
    private func settle(_ token: UUID, stopped: Bool) {
        guard !ChildRegistry.shared.wasInterrupted else { return }
        if stopped { BuildLeftovers.abandon(token) } else { BuildLeftovers.end(token) }
        BuildLeftovers.sweep(self)
    }

    package func untag(_ ref: String) throws {
        _ = try call(["untag", ref])
    }

    package func tag(_ image: String, as ref: String) throws {
        _ = try call(["tag", image, ref])
    }

    // MARK: containers

    package func run(_ request: RunRequest) throws -> String {
        var args = ["run", "-d", "--name", request.name]
        for (key, value) in request.labels.merging(runLabel.labels, uniquingKeysWith: { _, ours in ours }).sorted(by: {
            $0.key < $1.key
        }) {
            args += ["--label", "\(key)=\(value)"]
        }
        for (key, value) in request.env.sorted(by: { $0.key < $1.key }) { args += ["-e", "\(key)=\(value)"] }
        for port in request.publish { args += ["-p", port.argument] }
        args += request.extraArguments
        args.append(request.image)
        args += request.command ?? []
        let result = try call(args, check: false)
        guard result.succeeded else {
            // `run -d` may have created the container before failing to start it.
            try? remove(request.name)
            throw failure(args, result)
        }
        return result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    package func exec(_ container: String, _ command: [String], timeout: TimeInterval) throws -> ProcessResult {
        try runner.run(spec(["exec", container] + command, timeout: timeout, killGrace: 1, outputLimit: 64 * 1024))
    }

    package func stop(_ container: String, timeout: Int) throws -> StopResult {
        let started = Date()
        let result = try runner.run(
            spec(
                ["stop", "-t", String(timeout), container],
                timeout: TimeInterval(timeout) + callTimeout))
        let seconds = Date().timeIntervalSince(started)
        guard result.succeeded else { throw failure(["stop", "-t", String(timeout), container], result) }
        let state = try self.state(container)
        return StopResult(seconds: seconds, exitCode: state.running ? nil : state.exitCode)
    }

    package func state(_ container: String) throws -> ContainerState {
        let args = ["container", "inspect", "--format", "json", container]
        return try PodmanJSON.state(try call(args).stdout, command: "podman " + args.joined(separator: " "))
    }

    package func logs(_ container: String) throws -> String {
        let result = try call(["logs", container])
        return [result.stdoutText, result.stderrText].filter { !$0.isEmpty }.joined(separator: "\n")
    }

    package func memoryBytes(_ container: String) throws -> UInt64 {
        let args = ["stats", "--no-stream", "--format", "json", container]
        return try PodmanJSON.memory(try call(args).stdout, command: "podman " + args.joined(separator: " "))
    }

    package func restart(_ container: String, timeout: Int) throws {
        _ = try call(["restart", "-t", String(timeout), container], timeout: TimeInterval(timeout) + callTimeout)
    }

    package func remove(_ container: String) throws {
        let result = try call(["rm", "-f", "-t", "0", "--ignore", container], check: false)
        guard result.succeeded else { throw failure(["rm", "-f", "-t", "0", "--ignore", container], result) }
    }

    @discardableResult
    package func removeAll(filter: String) throws -> [String] {
        var removed: [String] = []
        let pods = try call(["pod", "ps", "-q", "--filter", filter]).stdoutText.split(whereSeparator: \.isNewline).map(
            String.init)
        if !pods.isEmpty {
            _ = try call(["pod", "rm", "-f", "-t", "0"] + pods)
            removed += pods
        }
        let containers = try call(["ps", "-a", "-q", "--filter", filter]).stdoutText
            .split(whereSeparator: \.isNewline).map(String.init)
        if !containers.isEmpty {
            _ = try call(["rm", "-f", "-t", "0", "--ignore"] + containers)
            removed += containers
        }
        return removed
    }

    package func processUsers(_ container: String) throws -> [String] {
        let lines = try call(["top", container, "user"]).stdoutText.split(whereSeparator: \.isNewline)
        return lines.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    package func hostPort(_ container: String, containerPort: Int, proto: String) throws -> Int? {
        let result = try call(["port", container, "\(containerPort)/\(proto)"], check: false)
        guard result.succeeded else { return nil }
        // "127.0.0.1:41277" (one line per binding).
        let first = result.stdoutText.split(whereSeparator: \.isNewline).first ?? ""
        return first.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    package func kubePlay(_ yamlPath: String) throws -> ProcessResult {
        try runner.run(spec(["kube", "play", yamlPath], timeout: 300, outputLimit: 64 * 1024))
    }

    package func kubeDown(_ yamlPath: String) throws -> ProcessResult {
        try runner.run(spec(["kube", "down", yamlPath], timeout: 120, outputLimit: 64 * 1024))
    }

    // MARK: plumbing

    /// The one place a podman argv is made: the engine's global flags, then the subcommand.
    func spec(_ args: [String], timeout: TimeInterval, killGrace: TimeInterval? = nil, outputLimit: Int = 256 * 1024)
        -> ProcessSpec
    {
        var spec = ProcessSpec(
            executable, target.arguments + args, environment: target.podmanEnvironment,
            timeout: timeout, outputLimit: outputLimit)
        if let killGrace { spec.killGrace = killGrace }
        return spec
    }

    func call(_ args: [String], check: Bool = true, timeout: TimeInterval? = nil) throws -> ProcessResult {
        let result = try runner.run(spec(args, timeout: timeout ?? callTimeout, outputLimit: 1 << 20))
        if check && !result.succeeded { throw failure(args, result) }
        return result
    }

    func failure(_ args: [String], _ result: ProcessResult) -> ContainerError {
        .commandFailed(
            command: ProcessSpec(executable, target.displayArguments + args).displayCommand, end: result.endDescription,
            output: result.excerpt(limit: 1500))
    }
}
