import Domain
import Foundation

/// The runtime validators as `Validator`s: each builds its `RuntimeInput` from the gate runner's context.
/// A malformed `with:` option is reported as the gate file's error, at the entry's file:line:column (exit 2).
extension RuntimeCheck {
    package func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        try run(context) { _ in }
    }

    /// Runs with the input adjusted first (image-present points the build at HEAD's exported context).
    func run(_ context: ValidatorContext, adjusting adjust: (inout RuntimeInput) throws -> Void) throws
        -> ValidatorOutcome
    {
        do {
            var input = try RuntimeInput(context)
            try adjust(&input)
            return try evaluate(input)
        } catch let error as RuntimeOptionError {
            let at = context.spec.location
            throw GateDefinitionError.invalidValue(
                file: at?.file ?? Workspace.gatePath(context.phase), line: at?.line ?? 1, column: at?.column ?? 1,
                keyPath: "validators[\(context.spec.id)].with.\(error.key)", value: "\(error.value)",
                expected: error.expected)
        }
    }
}

extension StartsConsistentlyValidator: Validator {}
extension HealthChecksValidator: Validator {}
extension ConfigRendersValidator: Validator {}
extension SigtermValidator: Validator {}
extension CleanLogsValidator: Validator {}
extension MemoryInTargetValidator: Validator {}
extension PortsListeningValidator: Validator {}
extension StartupTimeValidator: Validator {}
extension MemoryValidator: Validator {}
extension ResponseTimeValidator: Validator {}
extension ThroughputValidator: Validator {}
extension RestartRecoveryValidator: Validator {}
extension SoakValidator: Validator {}
extension BaselineReportValidator: Validator {}

extension RuntimeInput {
    /// Reads the plan and the gate entry once; the gate's `with:` options win over plan defaults.
    package init(_ context: ValidatorContext) throws {
        var options = RuntimeOptions(context.spec.options)
        if options.values["patterns"] == nil, let patterns = context.plan.cleanLogs?.patterns, !patterns.isEmpty {
            options.values["patterns"] = .list(patterns)
        }
        let profile = try RuntimeProfile(
            plan: context.plan, service: context.service, image: context.imageRef,
            workspace: context.workspace, options: options)
        self.init(
            id: context.spec.id, profile: profile, options: options, engine: context.containers,
            runner: context.runner, progress: context.progress, scratchpad: context.scratchpad,
            timeout: context.spec.timeout.seconds, workingDirectory: context.workspace.root)
    }
}

extension RuntimeProfile {
    /// The runtime view of service.yaml. Readiness counts as a port check when the gate says
    /// `readiness_port: N` or the command is `nc -z HOST N`.
    init(plan: ServicePlan, service: ServiceName, image: String, workspace: Workspace, options: RuntimeOptions) throws {
        let serviceDir = Workspace.serviceDir(service)
        let readinessPort = try options.int("readiness_port")
        func probe(_ check: ServicePlan.HealthCheck?, port: Int?) -> Probe? {
            guard let command = check?.command, !command.isEmpty else { return nil }
            return Probe(
                command: command, timeout: check?.timeout?.seconds ?? 2,
                tcpPort: port ?? RuntimeProfile.portCheck(in: command))
        }
        var load = plan.load?.command
        if let first = load?.first {
            load![0] = try workspace.program(first, field: "\(Workspace.planPath(service)): load.command")
        }
        self.init(
            service: service, image: image,
            buildContext: try plan.build.map {
                try workspace.inside($0, base: serviceDir, field: "\(Workspace.planPath(service)): build")
            },
            command: plan.command, env: plan.config?.env ?? [:], ports: (plan.ports ?? []).compactMap(Port.init(spec:)),
            liveness: probe(plan.health.liveness, port: nil),
            readiness: probe(plan.health.readiness, port: readinessPort),
            render: plan.config?.render,
            targets: Targets(
                startupSeconds: plan.targets.startup?.seconds,
                memoryBytes: plan.targets.memory.map { UInt64(max(0, $0.bytes)) },
                responseSeconds: plan.targets.response?.seconds,
                throughputPerSecond: plan.targets.throughput?.perSecond,
                soakSeconds: plan.targets.soakWindow.seconds),
            loadCommand: load)
    }
}

extension RuntimeProfile.Port {
    /// `53/udp`, `25/tcp` or `8080` (tcp).
    init?(spec: String) {
        let parts = spec.split(separator: "/")
        guard let number = parts.first.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else { return nil }
        self.init(number, parts.count > 1 ? parts[1].lowercased() : "tcp")
    }
}
