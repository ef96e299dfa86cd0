import Domain
import Foundation

/// One service as a container of an integration pod, read from its service.yaml.
package struct PodMember: Equatable, Sendable {
    package var service: ServiceName
    package var image: String
    /// service.yaml `command:`: replaces the image's CMD and keeps its ENTRYPOINT (Kubernetes `args`).
    package var args: [String]?
    package var env: [String: String]
    package var ports: [RuntimeProfile.Port]
    /// `data:` paths, each an emptyDir volume in the pod.
    package var data: [String]
    /// Capabilities service.yaml `security.capabilities` declares; the pod adds exactly these.
    package var capabilities: [String]
    /// `health.liveness` / `health.readiness`: the pod's exec probes (the gate itself still polls them by exec).
    package var liveness: RuntimeProfile.Probe?
    package var readiness: RuntimeProfile.Probe?
    /// `targets.startup` in seconds: how long the liveness probe waits before its first check.
    package var startupSeconds: Double?
    /// `targets.memory` in bytes: the container's memory request.
    package var memoryBytes: Int64?

    package init(
        service: ServiceName, image: String, args: [String]? = nil, env: [String: String] = [:],
        ports: [RuntimeProfile.Port] = [], data: [String] = [], capabilities: [String] = [],
        liveness: RuntimeProfile.Probe? = nil, readiness: RuntimeProfile.Probe? = nil,
        startupSeconds: Double? = nil, memoryBytes: Int64? = nil
    ) {
        self.service = service
        self.image = image
        self.args = args
        self.env = env
        self.ports = ports
        self.data = data
        self.capabilities = capabilities
        self.liveness = liveness
        self.readiness = readiness
        self.startupSeconds = startupSeconds
        self.memoryBytes = memoryBytes
    }

    /// The member for `service` as its plan describes it.
    package init(service: ServiceName, plan: ServicePlan) {
        self.init(
            service: service, image: Self.imageRef(service: service, plan: plan), args: plan.command,
            env: plan.config?.env ?? [:], ports: (plan.ports ?? []).compactMap(Self.port), data: plan.data ?? [],
            capabilities: plan.security?.capabilities.map(\.name) ?? [],
            liveness: Self.probe(plan.health.liveness), readiness: Self.probe(plan.health.readiness),
            startupSeconds: plan.targets.startup?.seconds, memoryBytes: plan.targets.memory?.bytes)
    }

    /// A declared health command as a probe (its timeout defaults to 2 s); nil when none is declared.
    static func probe(_ check: ServicePlan.HealthCheck?) -> RuntimeProfile.Probe? {
        guard let command = check?.command, !command.isEmpty else { return nil }
        return RuntimeProfile.Probe(command: command, timeout: check?.timeout?.seconds ?? 2)
    }

    /// The image the plan names, or the conventional `localhost/podserve-<svc>:latest`.
    package static func imageRef(service: ServiceName, plan: ServicePlan) -> String {
        plan.image ?? "localhost/podserve-\(service):latest"
    }

    /// `25/tcp`, `53/udp` or `8080` as a port; nil for text that is no port.
    static func port(_ text: String) -> RuntimeProfile.Port? {
        let parts = text.split(separator: "/", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let number = Int(parts[0]), (1...65535).contains(number) else { return nil }
        return RuntimeProfile.Port(number, parts.count > 1 ? parts[1].lowercased() : "tcp")
    }

    /// The health probes and targets of a plan, for waiting on the member's container.
    package static func profile(service: ServiceName, plan: ServicePlan) -> RuntimeProfile {
        let member = PodMember(service: service, plan: plan)
        let targets = RuntimeProfile.Targets(
            startupSeconds: plan.targets.startup?.seconds,
            memoryBytes: plan.targets.memory.map { UInt64(max(0, $0.bytes)) },
            responseSeconds: plan.targets.response?.seconds)
        return RuntimeProfile(
            service: service, image: member.image, command: plan.command, env: member.env,
            ports: member.ports, liveness: member.liveness,
            readiness: member.readiness, targets: targets)
    }
}
