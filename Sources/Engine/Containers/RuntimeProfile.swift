import Domain
import Foundation

/// Everything the runtime gates need to know about one service, in plain values: read once from
/// service.yaml (and the gate's options) so validator logic can be driven by tests without a workspace.
package struct RuntimeProfile: Sendable {
    /// A health command run inside the container, with its own time limit.
    package struct Probe: Sendable, Equatable {
        package var command: [String]
        package var timeout: Double
        /// Set when the check is a TCP port check: readiness can then be seen from the host by a connect.
        package var tcpPort: Int?
        package init(command: [String], timeout: Double = 2, tcpPort: Int? = nil) {
            self.command = command
            self.timeout = timeout
            self.tcpPort = tcpPort
        }
    }

    /// A declared service port (`53/udp`).
    package struct Port: Sendable, Equatable {
        package var number: Int
        package var proto: String
        package init(_ number: Int, _ proto: String = "tcp") {
            self.number = number
            self.proto = proto
        }
    }

    /// Numeric targets from `targets:`; nil when not declared.
    package struct Targets: Sendable, Equatable {
        package var startupSeconds: Double?
        package var memoryBytes: UInt64?
        package var responseSeconds: Double?
        package var throughputPerSecond: Double?
        package var soakSeconds: Double?
        package init(
            startupSeconds: Double? = nil, memoryBytes: UInt64? = nil, responseSeconds: Double? = nil,
            throughputPerSecond: Double? = nil, soakSeconds: Double? = nil
        ) {
            self.startupSeconds = startupSeconds
            self.memoryBytes = memoryBytes
            self.responseSeconds = responseSeconds
            self.throughputPerSecond = throughputPerSecond
            self.soakSeconds = soakSeconds
        }
    }

    package var service: ServiceName
    package var image: String
    /// Absolute build context and Containerfile, when service.yaml has `build:`.
    package var buildContext: String?
    package var containerfile: String?
    package var command: [String]?
    package var env: [String: String]
    package var ports: [Port]
    package var liveness: Probe?
    package var readiness: Probe?
    package var render: [String]?
    package var targets: Targets
    /// `load: {command: [...]}`: a host-side load generator for the throughput validator.
    package var loadCommand: [String]?

    package init(
        service: ServiceName, image: String, buildContext: String? = nil, containerfile: String? = nil,
        command: [String]? = nil, env: [String: String] = [:], ports: [Port] = [], liveness: Probe? = nil,
        readiness: Probe? = nil, render: [String]? = nil, targets: Targets = Targets(),
        loadCommand: [String]? = nil
    ) {
        self.service = service
        self.image = image
        self.buildContext = buildContext
        self.containerfile = containerfile
        self.command = command
        self.env = env
        self.ports = ports
        self.liveness = liveness
        self.readiness = readiness
        self.render = render
        self.targets = targets
        self.loadCommand = loadCommand
    }

    /// The start timeout: twice the startup target (issue 4), 30 s when no target is declared.
    package var defaultStartTimeout: Double { (targets.startupSeconds ?? 15) * 2 }

    /// TCP ports worth publishing to 127.0.0.1 for host-side probes and load.
    package var tcpPorts: [Int] { ports.filter { $0.proto == "tcp" }.map(\.number) }

    /// Recognises a port check written as a command (`nc -z HOST PORT`), for plans that do not say `tcp:`.
    package static func portCheck(in command: [String]) -> Int? {
        guard let program = command.first.map({ ($0 as NSString).lastPathComponent }),
            program == "nc" || program == "ncat",
            command.contains(where: { $0.hasPrefix("-") && $0.contains("z") }),
            let last = command.last, let port = Int(last)
        else { return nil }
        return port
    }
}
