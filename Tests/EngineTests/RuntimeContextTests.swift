import Domain
import Engine
import Foundation
import Git
import Support
import TestSupport
import Testing

/// The runtime validators as the gate runner calls them: service.yaml and the gate's `with:` options read
/// through a `ValidatorContext`, then real podman.
@Suite("Runtime validators through a ValidatorContext", .serialized, .podman)
struct RuntimeContextTests {
    static let plan = """
        name: tiny
        image: \(TinyImages.wellBehaved.ref)
        ports: [8080/tcp]
        config:
          env: {DOMAIN: test.local}
          render: [/svc/render.sh]
        health:
          liveness:  {command: [test, -f, /tmp/alive], timeout: 2s}
          readiness: {command: [test, -f, /tmp/ready], timeout: 2s}
        targets: {startup: 5s, memory: 50MB, response: 100ms, soak: 2s}
        clean_logs: {patterns: ["service: ready"]}
        """

    func context(
        _ kind: ValidatorKind, options: [String: OptionValue] = [:], podman: Podman,
        sandbox: GitSandbox
    ) throws -> ValidatorContext {
        let plan = try ServicePlan.parse(Self.plan, file: "services/tiny/service.yaml")
        let workspace = Workspace(repo: try Repository.discover(startingAt: sandbox.root))
        return ValidatorContext(
            workspace: workspace, service: "tiny", plan: plan, phase: .isolation,
            spec: ValidatorSpec(id: kind.rawValue, kind: kind, options: options), runner: SystemProcessRunner(),
            containers: podman, progress: .silent, plans: ["tiny": plan], phases: ["tiny": .isolation])
    }

    @Test func planAndOptionsReachTheValidators() throws {
        try TinyImages.ensureAll()
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let podman = Podman(runLabel: RunLabel(runID: "ctx-\(UUID().uuidString.prefix(8).lowercased())"))
        let registry = ValidatorRegistry.builtIn

        let render = try #require(registry.validator(for: .configRenders)).run(
            try context(.configRenders, podman: podman, sandbox: sandbox))
        #expect(render.status == .pass, "\(render.message)")
        #expect(render.output.contains("server_name test.local"))

        // The plan's clean_logs patterns replace the defaults: "service: ready" now counts as an error line.
        let logs = try #require(registry.validator(for: .cleanLogs)).run(
            try context(.cleanLogs, options: ["settle": .string("200ms")], podman: podman, sandbox: sandbox))
        #expect(logs.status == .fail && logs.message.contains("service: ready"), "\(logs.message)")

        let soak = try #require(registry.validator(for: .soak)).run(
            try context(.soak, options: ["interval": .string("500ms")], podman: podman, sandbox: sandbox))
        #expect(soak.status == .pass, "\(soak.message)")
        #expect(soak.metrics["planned_s"] == .number(2))

        let bad = try context(.startupTime, options: ["runs": .string("five")], podman: podman, sandbox: sandbox)
        #expect(throws: GateDefinitionError.self) { try registry.validator(for: .startupTime)!.run(bad) }
        #expect(try PodmanTestSupport.leftoverContainers(runID: podman.runLabel.runID).isEmpty)
    }
}
