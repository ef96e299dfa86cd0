import Domain
import Foundation
import Support

/// What a validator found: its status, why, and the figures that prove it.
package struct ValidatorOutcome: Sendable {
    package var status: ValidatorStatus
    package var message: String
    package var metrics: [String: MetricValue]
    package var output: String
    package var artifacts: [String: String]

    package init(
        _ status: ValidatorStatus, _ message: String, metrics: [String: MetricValue] = [:], output: String = "",
        artifacts: [String: String] = [:]
    ) {
        self.status = status
        self.message = message
        self.metrics = metrics
        self.output = output
        self.artifacts = artifacts
    }

    package static func pass(_ message: String, metrics: [String: MetricValue] = [:], output: String = "") -> Self {
        .init(.pass, message, metrics: metrics, output: output)
    }
    package static func fail(_ message: String, metrics: [String: MetricValue] = [:], output: String = "") -> Self {
        .init(.fail, message, metrics: metrics, output: output)
    }
    package static func skip(_ message: String) -> Self { .init(.skip, message) }
}

/// Everything a validator may read or use; side effects go through the runner and container engine.
package struct ValidatorContext {
    package let workspace: Workspace
    package let service: ServiceName
    package let plan: ServicePlan
    package let phase: Phase
    package let spec: ValidatorSpec
    package let runner: ProcessRunner
    package let containers: ContainerEngine
    package let progress: Progress
    /// Every service's plan and current phase, for dependency-aware validators.
    package let plans: [ServiceName: ServicePlan]
    package let phases: [ServiceName: Phase]
    /// Shared with the other validators of the same gate run.
    package let scratchpad: RunScratchpad

    package init(
        workspace: Workspace, service: ServiceName, plan: ServicePlan, phase: Phase, spec: ValidatorSpec,
        runner: ProcessRunner, containers: ContainerEngine, progress: Progress,
        plans: [ServiceName: ServicePlan], phases: [ServiceName: Phase], scratchpad: RunScratchpad = RunScratchpad()
    ) {
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
    package var imageRef: String { plan.image ?? "localhost/podserve-\(service):latest" }
}

/// One check of a gate. Implementations must not throw for a failed check: that is a `.fail` outcome.
/// Throwing means the validator could not run at all (an environment problem).
package protocol Validator: Sendable {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome
}
