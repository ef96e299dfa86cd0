import Foundation

/// Runs the built `podserve-gate` binary the way a user does, for end-to-end tests.
package enum GateCLI {
    /// The binary under test: $PODSERVE_GATE_BIN, else the debug build next to this package.
    package static var binary: String {
        if let path = ProcessInfo.processInfo.environment["PODSERVE_GATE_BIN"] { return path }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/podserve-gate").path
    }

    /// The package root (for tests that read the repository's own files).
    package static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}

extension GitSandbox {
    /// Runs `podserve-gate <arguments>` in the sandbox.
    @discardableResult
    package func gate(_ arguments: String...) throws -> GitCLIResult {
        try run(GateCLI.binary, arguments)
    }

    package func gate(_ arguments: [String]) throws -> GitCLIResult {
        try run(GateCLI.binary, arguments)
    }

    /// A workspace with the default gates committed, as after `init` + `git commit`.
    package static func workspace() throws -> GitSandbox {
        let sandbox = try GitSandbox()
        let result = try sandbox.gate("init")
        guard result.status == 0 else { throw GitCLIFailure(command: ["podserve-gate", "init"], result: result) }
        try sandbox.git("add", "-A")
        try sandbox.git("commit", "-q", "-m", "gates")
        return sandbox
    }

    /// `completePlan` for a service that runs `image` (a tiny busybox image by default), with health probes the
    /// tiny images answer (`/tmp/alive`, `/tmp/ready`), so the runtime gates pass against a real container.
    package static func tinyImagePlan(_ name: String, dependsOn: [String] = [], image: String? = nil) -> String {
        completePlan(name, dependsOn: dependsOn)
            .replacingOccurrences(
                of: "image: localhost/podserve-\(name):latest", with: "image: \(image ?? TinyImages.wellBehaved.ref)"
            )
            .replacingOccurrences(
                of: "liveness: {command: [/bin/true]", with: "liveness: {command: [test, -f, /tmp/alive]"
            )
            .replacingOccurrences(
                of: "readiness: {command: [/bin/true]", with: "readiness: {command: [test, -f, /tmp/ready]")
    }

    /// A complete phase-1 plan for `name`, so the planning gate's plan-complete check passes.
    package static func completePlan(_ name: String, dependsOn: [String] = []) -> String {
        """
        name: \(name)
        scope: \(name) service for the PodServe test pod
        image: localhost/podserve-\(name):latest
        ports: [8080/tcp]
        data: [/var/lib/\(name)]
        config:
          env: {DOMAIN: podserve.local}
        health:
          liveness: {command: [/bin/true], timeout: 2s}
          readiness: {command: [/bin/true], timeout: 2s}
        targets: {startup: 5s, memory: 100MB, response: 100ms, throughput: 1000/s, soak: 1h}
        testing:
          unit: config renders
          integration: pod-internal requests
          performance: load loop
          failure: [dependency unavailable, config errors]
        depends_on: [\(dependsOn.joined(separator: ", "))]
        integration:
          communication: []
          shared: []
          failure: []
          tests: []

        """
    }

    /// Ticks every manual item (those without an `auto:` tag) of a checklist file.
    package func tickManualItems(_ path: String) throws {
        guard let text = read(path) else {
            throw GitCLIFailure(command: ["read", path], result: .init(status: 1, stdout: "", stderr: "missing"))
        }
        let lines = text.components(separatedBy: "\n").map { line -> String in
            guard line.contains("- [ ]"), !line.contains("`auto:") else { return line }
            return line.replacingOccurrences(of: "- [ ]", with: "- [x]")
        }
        try write(path, lines.joined(separator: "\n"))
    }

    /// Fills the plan and ticks the planning checklist of a service, then commits both.
    package func preparePlanning(_ name: String, dependsOn: [String] = []) throws {
        try write("services/\(name)/service.yaml", Self.completePlan(name, dependsOn: dependsOn))
        try tickManualItems("services/\(name)/checklists/1-planning.md")
        try git("add", "services/\(name)")
        try git("commit", "-q", "-m", "plan \(name)")
    }
}
