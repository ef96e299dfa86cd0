/// `services/<name>/service.yaml`: the plan of one service (SPEC §3). Every field is optional while planning;
/// `planningProblems()` says which ones phase 1 still needs.
public struct ServicePlan: Equatable, Sendable {
    public var name: String?
    public var scope: String?
    public var image: String?
    /// Build context relative to the service folder, holding a Containerfile.
    public var build: String?
    /// Overrides the image's command, as an argument array.
    public var command: [String]?
    /// Ports as written, e.g. `25/tcp`, `53/udp` or `8080`.
    public var ports: [String]?
    /// What the service persists; `[]` says "nothing", absent says "not answered yet".
    public var data: [String]?
    public var config: Config?
    public var health: Health
    public var targets: Targets
    public var testing: Testing
    public var dependsOn: [String]
    public var integration: Integration
    public var security: Security?
    public var load: Load?
    public var cleanLogs: CleanLogs?
    /// Where each key that was present sits in the file, by key path (`targets.memory`).
    public var locations: [String: SourceLocation]

    public init(
        name: String? = nil, scope: String? = nil, image: String? = nil, build: String? = nil,
        command: [String]? = nil, ports: [String]? = nil, data: [String]? = nil, config: Config? = nil,
        health: Health = Health(), targets: Targets = Targets(), testing: Testing = Testing(),
        dependsOn: [String] = [], integration: Integration = Integration(), security: Security? = nil,
        load: Load? = nil, cleanLogs: CleanLogs? = nil, locations: [String: SourceLocation] = [:]
    ) {
        self.name = name
        self.scope = scope
        self.image = image
        self.build = build
        self.command = command
        self.ports = ports
        self.data = data
        self.config = config
        self.health = health
        self.targets = targets
        self.testing = testing
        self.dependsOn = dependsOn
        self.integration = integration
        self.security = security
        self.load = load
        self.cleanLogs = cleanLogs
        self.locations = locations
    }

    /// `config:`: non-secret settings passed with `-e`, and an optional command proving the config renders.
    public struct Config: Equatable, Sendable {
        /// nil until answered; `{}` says the service needs no settings.
        public var env: [String: String]?
        public var render: [String]?
        public init(env: [String: String]? = nil, render: [String]? = nil) {
            self.env = env
            self.render = render
        }
    }

    /// One health probe, run inside the container with `podman exec`.
    public struct HealthCheck: Equatable, Sendable {
        public var command: [String]?
        public var timeout: DurationValue?
        public init(command: [String]? = nil, timeout: DurationValue? = nil) {
            self.command = command
            self.timeout = timeout
        }
    }

    /// `health:`: liveness (is it alive?) and readiness (can it serve?).
    public struct Health: Equatable, Sendable {
        public var liveness: HealthCheck?
        public var readiness: HealthCheck?
        public init(liveness: HealthCheck? = nil, readiness: HealthCheck? = nil) {
            self.liveness = liveness
            self.readiness = readiness
        }
    }

    /// `targets:`: the numbers the performance gate measures against.
    public struct Targets: Equatable, Sendable {
        /// The leak-check window when `soak` is not written.
        public static let defaultSoak = DurationValue.seconds(3600)
        public var startup: DurationValue?
        public var memory: ByteSize?
        public var response: DurationValue?
        public var throughput: Throughput?
        public var soak: DurationValue?
        public init(startup: DurationValue? = nil, memory: ByteSize? = nil, response: DurationValue? = nil,
                    throughput: Throughput? = nil, soak: DurationValue? = nil) {
            self.startup = startup
            self.memory = memory
            self.response = response
            self.throughput = throughput
            self.soak = soak
        }
        /// The soak window to use: `soak`, else one hour (the seed's "extended run").
        public var soakWindow: DurationValue { soak ?? Self.defaultSoak }
    }

    /// `testing:`: the testing strategy of the seed's Phase 1.
    public struct Testing: Equatable, Sendable {
        public var unit: String?
        public var integration: String?
        public var performance: String?
        public var failure: [String]?
        public init(unit: String? = nil, integration: String? = nil, performance: String? = nil, failure: [String]? = nil) {
            self.unit = unit
            self.integration = integration
            self.performance = performance
            self.failure = failure
        }
    }

    /// `integration:`: the phase 4 plan of how this service works with the others.
    public struct Integration: Equatable, Sendable {
        public var communication: [String]?
        public var shared: [String]?
        public var failure: [String]?
        /// Integration test scripts, relative to the workspace.
        public var tests: [String]?
        public init(communication: [String]? = nil, shared: [String]? = nil, failure: [String]? = nil, tests: [String]? = nil) {
            self.communication = communication
            self.shared = shared
            self.failure = failure
            self.tests = tests
        }
    }

    /// `security:`: the reasons behind privileges the production review would otherwise refuse.
    public struct Security: Equatable, Sendable {
        /// Why the service must run as root; nil means it must not.
        public var rootReason: String?
        public var capabilities: [Capability]
        public init(rootReason: String? = nil, capabilities: [Capability] = []) {
            self.rootReason = rootReason
            self.capabilities = capabilities
        }
    }

    /// A Linux capability the service needs, and why.
    public struct Capability: Equatable, Sendable {
        public var name: String
        public var reason: String?
        public init(name: String, reason: String? = nil) {
            self.name = name
            self.reason = reason
        }
    }

    /// `load:`: the command that drives load for response-time and throughput measurements.
    public struct Load: Equatable, Sendable {
        public var command: [String]
        public init(command: [String]) { self.command = command }
    }

    /// `clean_logs:`: patterns that mark a startup log line as an error.
    public struct CleanLogs: Equatable, Sendable {
        public var patterns: [String]
        public init(patterns: [String]) { self.patterns = patterns }
    }
}
