import Foundation
import Support
import TestSupport
import Testing

/// This repository's own PodServe images, built by `podserve-gate build` in scripts/test.sh (the suite's
/// end-to-end part): each runs in isolation as issue 3 demands, and the integration tests pass in real pods.
@Suite(
    "Real PodServe services", .serialized,
    .enabled(
        if: ProcessInfo.processInfo.environment["PODSERVE_REAL_IMAGES"] == "1",
        "scripts/test.sh builds the real images and sets PODSERVE_REAL_IMAGES=1"), .podman)
struct RealServicesTests {
    static let runner = SystemProcessRunner()
    static let root = GateCLI.packageRoot

    static func podman(_ args: [String], timeout: TimeInterval = 60) throws -> ProcessResult {
        try runner.run(ProcessSpec("podman", args, timeout: timeout))
    }

    /// Memory targets of service.yaml, in bytes (100MB = 10^8).
    static let memoryTargets: [String: Double] = ["dns": 100e6, "apache": 100e6, "mail": 100e6]

    @Test(arguments: ["dns", "apache", "mail"])
    func startsHealthyStaysInMemoryAndStopsCleanly(service: String) throws {
        let image = "localhost/podserve-\(service):latest"
        let exists = try Self.podman(["image", "exists", image]).succeeded
        #expect(exists, "\(image) was not built")
        let name = "pg-real-\(service)-\(UInt32.random(in: 100_000...999_999))"
        let run = try Self.podman([
            "run", "-d", "--name", name, "--label", "podserve-gate=1", "--label", "podserve-gate.run=real-e2e", image,
        ])
        #expect(run.succeeded, "\(run.excerpt())")
        defer { _ = try? Self.podman(["rm", "-f", "-t", "0", name]) }
        let health = ["/usr/local/bin/health-check.sh"]
        let deadline = Date().addingTimeInterval(30)
        var ready = false
        while !ready && Date() < deadline {
            ready = try Self.podman(["exec", name] + health + ["ready"], timeout: 10).succeeded
            if !ready { usleep(100_000) }
        }
        let logs = ready ? "" : try Self.podman(["logs", name]).excerpt()
        #expect(ready, "\(service) never became ready: \(logs)")
        let live = try Self.podman(["exec", name] + health + ["live"], timeout: 10)
        #expect(live.succeeded, "\(live.excerpt())")
        let stats = try Self.podman(["stats", "--no-stream", "--format", "{{.MemUsage}}", name])
        let used =
            stats.stdoutText.split(separator: "/").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let bytes = Self.parseSize(used)
        #expect(bytes != nil && bytes! < Self.memoryTargets[service]!, "\(service) memory \(used)")
        let started = Date()
        let stop = try Self.podman(["stop", "-t", "10", name], timeout: 30)
        let seconds = Date().timeIntervalSince(started)
        #expect(stop.succeeded)
        #expect(seconds < 10, "\(service) took \(seconds) s to stop")
        let code = try Self.podman(["inspect", "-f", "{{.State.ExitCode}}", name]).stdoutText.trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(code == "0", "\(service) exited \(code) after SIGTERM")
    }

    @Test(arguments: ["test-mail-dns.sh", "test-apache-dns.sh", "test-mail-dns-apache.sh"])
    func integrationTestPassesInARealPod(script: String) throws {
        let result = try Self.runner.run(
            ProcessSpec(
                Self.root + "/tests/integration/" + script, [],
                workingDirectory: Self.root, timeout: 300))
        #expect(result.succeeded, "\(script): \(result.excerpt(limit: 3000))")
        #expect(result.stderrText.contains("PASS"))
    }

    /// podman's human sizes: "1.2MB", "512kB", "3.4MiB".
    static func parseSize(_ text: String) -> Double? {
        let units: [(String, Double)] = [
            ("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024), ("GB", 1e9), ("MB", 1e6),
            ("kB", 1e3), ("KB", 1e3), ("B", 1),
        ]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            return Double(text.dropLast(suffix.count)).map { $0 * factor }
        }
        return nil
    }
}
