import Foundation
import Support

/// What an image says about itself: enough to judge freshness (id, digest) and security (user, env).
package struct ImageInfo: Sendable, Equatable {
    package var id: String
    package var digest: String?
    /// `Config.User`; empty means root.
    package var user: String
    package var env: [String: String]
    /// `Config.ExposedPorts` keys, e.g. `53/udp`.
    package var exposedPorts: [String]
    package var command: [String]
    package var entrypoint: [String]
    /// The image's labels (`io.podserve-gate.context` binds it to the git tree it was built from).
    package var labels: [String: String]

    package init(
        id: String, digest: String?, user: String, env: [String: String], exposedPorts: [String],
        command: [String] = [], entrypoint: [String] = [], labels: [String: String] = [:]
    ) {
        self.id = id
        self.digest = digest
        self.user = user
        self.env = env
        self.exposedPorts = exposedPorts
        self.command = command
        self.entrypoint = entrypoint
        self.labels = labels
    }
}

/// How `podman build` went; a failed build is a result (its log tail goes into evidence), not an error.
package struct BuildResult: Sendable {
    package var succeeded: Bool
    package var logTail: String
    package var seconds: Double
    package var end: String
}

/// A port to publish; a nil host port lets podman pick a free one (read it back with `hostPort`).
package struct PortPublish: Sendable, Equatable {
    package var containerPort: Int
    package var proto: String
    package var hostIP: String
    package var hostPort: Int?

    package init(containerPort: Int, proto: String = "tcp", hostIP: String = "127.0.0.1", hostPort: Int? = nil) {
        self.containerPort = containerPort
        self.proto = proto
        self.hostIP = hostIP
        self.hostPort = hostPort
    }

    /// The `-p` argument: `127.0.0.1::8080/tcp` for a random host port.
    package var argument: String { "\(hostIP):\(hostPort.map(String.init) ?? ""):\(containerPort)/\(proto)" }
}

/// One detached container to start. The run labels are added by the engine, never forgotten by a caller.
package struct RunRequest: Sendable {
    package var image: String
    package var name: String
    /// Replaces the image's CMD (arguments after the image), as service.yaml `command:` does.
    package var command: [String]?
    package var env: [String: String]
    package var publish: [PortPublish]
    package var labels: [String: String]
    package var extraArguments: [String]

    package init(
        image: String, name: String, command: [String]? = nil, env: [String: String] = [:],
        publish: [PortPublish] = [], labels: [String: String] = [:], extraArguments: [String] = []
    ) {
        self.image = image
        self.name = name
        self.command = command
        self.env = env
        self.publish = publish
        self.labels = labels
        self.extraArguments = extraArguments
    }
}

/// How `podman stop` ended a container: how long it took and the exit code podman recorded.
package struct StopResult: Sendable, Equatable {
    package var seconds: Double
    package var exitCode: Int32?
}

/// A container's state from `podman inspect`.
package struct ContainerState: Sendable, Equatable {
    package var status: String
    package var running: Bool
    package var exitCode: Int32
    package var oomKilled: Bool
    /// Podman's own healthcheck status ("" when the image declares none).
    package var health: String
    package var startedAt: Date?
}

/// The podman operations the runtime gates need; a protocol so validator logic can be tested with a fake
/// and the real `Podman` is exercised by integration tests.
package protocol ContainerEngine: Sendable {
    /// The label set this engine puts on everything it starts.
    var runLabel: RunLabel { get }
    /// nil when the image does not exist locally.
    func imageInfo(_ ref: String) throws -> ImageInfo?
    /// `podman build` with `--label k=v` for each of `labels` (the build-context tree ids).
    func build(
        context: String, containerfile: String?, tag: String, labels: [String: String],
        timeout: TimeInterval
    ) throws -> BuildResult
    /// `podman untag <ref>`: the name no longer points at the image (which stays while others use it).
    func untag(_ ref: String) throws
    /// `podman tag <image> <ref>`.
    func tag(_ image: String, as ref: String) throws
    /// Starts a detached container carrying the run labels; returns its id.
    func run(_ request: RunRequest) throws -> String
    /// Runs a command inside a running container; a non-zero exit is a result.
    func exec(_ container: String, _ command: [String], timeout: TimeInterval) throws -> ProcessResult
    /// `podman stop -t <timeout>`: elapsed wall time and the exit code recorded afterwards.
    func stop(_ container: String, timeout: Int) throws -> StopResult
    func state(_ container: String) throws -> ContainerState
    /// stdout and stderr of the container since it started (podman's streams, joined).
    func logs(_ container: String) throws -> String
    /// Current memory use in bytes (`podman stats --no-stream`).
    func memoryBytes(_ container: String) throws -> UInt64
    func restart(_ container: String, timeout: Int) throws
    /// Removes one container at once (`rm -f -t 0`); missing containers are not an error.
    func remove(_ container: String) throws
    /// Removes every container and pod matching a label filter (`label=k=v`); returns the names removed.
    @discardableResult func removeAll(filter: String) throws -> [String]
    /// The users of the container's processes (`podman top … user`).
    func processUsers(_ container: String) throws -> [String]
    /// The host port podman picked for a published container port.
    func hostPort(_ container: String, containerPort: Int, proto: String) throws -> Int?
    func kubePlay(_ yamlPath: String) throws -> ProcessResult
    func kubeDown(_ yamlPath: String) throws -> ProcessResult
    /// Variables that send a child process's own podman calls to this engine (`CONTAINER_HOST`…).
    var childEnvironment: [String: String] { get }
    /// The engine's own host facts for evidence when it is not the machine running the CLI; nil for the local one.
    func environmentFacts() -> [String: String]?
    /// Where host-side probes reach this engine's published ports, and where it publishes them.
    var probeAddress: ProbeAddress { get }
}

extension ContainerEngine {
    package var childEnvironment: [String: String] { [:] }
    package var probeAddress: ProbeAddress { .loopback }
    package func environmentFacts() -> [String: String]? { nil }
}

extension ContainerEngine {
    /// A build without labels.
    package func build(context: String, containerfile: String?, tag: String, timeout: TimeInterval) throws
        -> BuildResult
    {
        try build(context: context, containerfile: containerfile, tag: tag, labels: [:], timeout: timeout)
    }
}

/// Podman failures that stop a validator from measuring at all; each names the command and podman's words.
package enum ContainerError: Error, LocalizedError, Equatable {
    case commandFailed(command: String, end: String, output: String)
    case unexpectedOutput(command: String, detail: String)
    /// The selected engine does not answer (`podman … info` failed): names it and how to reach it.
    case engineUnreachable(engine: String, detail: String, fix: String)

    package var errorDescription: String? {
        switch self {
        case .engineUnreachable(let engine, let detail, let fix):
            return "the Podman engine \(engine) cannot be reached: \(detail.isEmpty ? "no answer" : detail); \(fix)"
        case .commandFailed(let command, let end, let output):
            return "`\(command)` failed (\(end)): \(output.isEmpty ? "no output" : output)"
        case .unexpectedOutput(let command, let detail):
            return "`\(command)` printed something podserve-gate cannot read: \(detail)"
        }
    }
}
