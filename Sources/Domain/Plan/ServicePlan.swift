/// `services/<name>/service.yaml`: the plan of one service (SPEC §3). Every field is optional while planning;
/// `planningProblems()` says which ones phase 1 still needs.
package struct ServicePlan: Equatable, Sendable {
    package var name: String?
    package var scope: String?
    package var image: String?
    /// Build context relative to the service folder, holding a Containerfile.
    package var build: String?
    /// Overrides the image's command, as an argument array.
    package var command: [String]?
    /// Ports as written, e.g. `25/tcp`, `53/udp` or `8080`.
    package var ports: [String]?
    /// What the service persists; `[]` says "nothing", absent says "not answered yet".
    package var data: [String]?
    package var config: Config?
    package var health: Health
    package var targets: Targets
    package var testing: Testing
    package var dependsOn: [ServiceName]
    package var integration: Integration
    package var security: Security?
    package var load: Load?
    package var cleanLogs: CleanLogs?
    /// Where each key that was present sits in the file, by key path (`targets.memory`).
    package var locations: [String: SourceLocation]

    package init(
        name: String? = nil, scope: String? = nil, image: String? = nil, build: String? = nil,
        command: [String]? = nil, ports: [String]? = nil, data: [String]? = nil, config: Config? = nil,
        health: Health = Health(), targets: Targets = Targets(), testing: Testing = Testing(),
        dependsOn: [ServiceName] = [], integration: Integration = Integration(), security: Security? = nil,
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
    package struct Config: Equatable, Sendable {
        /// nil until answered; `{}` says the service needs no settings.
        package var env: [String: String]?
        package var render: [String]?
        package init(env: [String: String]? = nil, render: [String]? = nil) {
            self.env = env
            self.render = render
        }
    }

    /// One health probe, run inside the container with `podman exec`.
    package struct HealthCheck: Equatable, Sendable {
        package var command: [String]?
        package var timeout: DurationValue?
        package init(command: [String]? = nil, timeout: DurationValue? = nil) {
            self.command = command
            self.timeout = timeout
        }
    }

    /// `health:`: liveness (is it alive?) and readiness (can it serve?).
    package struct Health: Equatable, Sendable {
        package var liveness: HealthCheck?
        package var readiness: HealthCheck?
        package init(liveness: HealthCheck? = nil, readiness: HealthCheck? = nil) {
            self.liveness = liveness
            self.readiness = readiness
        }
    }

    /// `targets:`: the numbers the performance gate measures against.
    package struct Targets: Equatable, Sendable {
        /// The leak-check window when `soak` is not written.
        package static let defaultSoak = DurationValue.seconds(3600)
        package var startup: DurationValue?
        package var memory: ByteSize?
        package var response: DurationValue?
        package var throughput: Throughput?
        package var soak: DurationValue?
        package init(
            startup: DurationValue? = nil, memory: ByteSize? = nil, response: DurationValue? = nil,
            throughput: Throughput? = nil, soak: DurationValue? = nil
        ) {
            self.startup = startup
            self.memory = memory
            self.response = response
            self.throughput = throughput
            self.soak = soak
        }
        /// The soak window to use: `soak`, else one hour (the seed's "extended run").
        package var soakWindow: DurationValue { soak ?? Self.defaultSoak }
    }

    /// `testing:`: the testing strategy of the seed's Phase 1.
    package struct Testing: Equatable, Sendable {
        package var unit: String?
        package var integration: String?
        package var performance: String?
        package var failure: [String]?
        package init(
            unit: String? = nil, integration: String? = nil, performance: String? = nil, failure: [String]? = nil
        ) {
            self.unit = unit
            self.integration = integration
            self.performance = performance
            self.failure = failure
        }
    }

    /// `integration:`: the phase 4 plan of how this service works with the others.
    package struct Integration: Equatable, Sendable {
        package var communication: [String]?
        package var shared: [String]?
        package var failure: [String]?
        /// Integration test scripts, relative to the workspace.
        package var tests: [String]?
        package init(
            communication: [String]? = nil, shared: [String]? = nil, failure: [String]? = nil, tests: [String]? = nil
        ) {
            self.communication = communication
            self.shared = shared
            self.failure = failure
            self.tests = tests
        }
    }

    /// `security:`: the reasons behind privileges the production review would otherwise refuse.
    package struct Security: Equatable, Sendable {
        /// Why the service must run as root; nil means it must not.
        package var rootReason: String?
        package var capabilities: [Capability]
        package init(rootReason: String? = nil, capabilities: [Capability] = []) {
            self.rootReason = rootReason
            self.capabilities = capabilities
        }
    }

    /// A Linux capability the service needs, and why.
    package struct Capability: Equatable, Sendable {
        package var name: String
        package var reason: String?
        package init(name: String, reason: String? = nil) {
            self.name = name
            self.reason = reason
        }
    }

    /// `load:`: the command that drives load for response-time and throughput measurements.
    package struct Load: Equatable, Sendable {
        package var command: [String]
        package init(command: [String]) { self.command = command }
    }

    /// `clean_logs:`: patterns that mark a startup log line as an error.
    package struct CleanLogs: Equatable, Sendable {
        package var patterns: [String]
        package init(patterns: [String]) { self.patterns = patterns }
    }
}
