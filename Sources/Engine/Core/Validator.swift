import Domain
import Foundation
import Support

/// What a validator found: its status, why, and the figures that prove it.
public struct ValidatorOutcome: Sendable {
    public var status: ValidatorStatus
    public var message: String
    public var metrics: [String: MetricValue]
    public var output: String
    public var artifacts: [String: String]

    public init(_ status: ValidatorStatus, _ message: String, metrics: [String: MetricValue] = [:], output: String = "",
                artifacts: [String: String] = [:]) {
        self.status = status
        self.message = message
        self.metrics = metrics
        self.output = output
        self.artifacts = artifacts
    }

    public static func pass(_ message: String, metrics: [String: MetricValue] = [:], output: String = "") -> Self {
        .init(.pass, message, metrics: metrics, output: output)
    }
    public static func fail(_ message: String, metrics: [String: MetricValue] = [:], output: String = "") -> Self {
        .init(.fail, message, metrics: metrics, output: output)
    }
    public static func skip(_ message: String) -> Self { .init(.skip, message) }
}

/// Everything a validator may read or use; side effects go through the runner and container engine.
public struct ValidatorContext {
    public let workspace: Workspace
    public let service: String
    public let plan: ServicePlan
    public let phase: Phase
    public let spec: ValidatorSpec
    public let runner: ProcessRunner
    public let containers: ContainerEngine
    public let progress: Progress
    /// Every service's plan and current phase, for dependency-aware validators.
    public let plans: [String: ServicePlan]
    public let phases: [String: Phase]
    /// Shared with the other validators of the same gate run.
    public let scratchpad: RunScratchpad

    public init(workspace: Workspace, service: String, plan: ServicePlan, phase: Phase, spec: ValidatorSpec,
                runner: ProcessRunner, containers: ContainerEngine, progress: Progress,
                plans: [String: ServicePlan], phases: [String: Phase], scratchpad: RunScratchpad = RunScratchpad()) {
        self.workspace = workspace
        self.service = service
        self.plan = plan
        self.phase = phase
        self.spec = spec
        self.runner = runner
        self.containers = containers
        self.progress = progress
        self.plans = plans
        self.phases = phases
        self.scratchpad = scratchpad
    }

    /// The image reference the plan names, or the conventional one.
    public var imageRef: String { plan.image ?? "localhost/podserve-\(service):latest" }
}

/// One check of a gate. Implementations must not throw for a failed check: that is a `.fail` outcome.
/// Throwing means the validator could not run at all (an environment problem).
public protocol Validator: Sendable {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome
}
