import Foundation
import Support

/// Checks the runtime tests make around podman: nothing they started may outlive a test.
package enum PodmanTestSupport {
    /// Names of containers carrying `podserve-gate=1` and the given run id (another process's
    /// concurrent run is not this test's leftover).
    package static func leftoverContainers(runID: String) throws -> [String] {
        let result = try SystemProcessRunner().run(
            ProcessSpec(
                "podman",
                [
                    "ps", "-a", "--filter", "label=podserve-gate=1", "--filter", "label=podserve-gate.run=\(runID)",
                    "--format", "{{.Names}}",
                ], timeout: 60))
        return result.stdoutText.split(whereSeparator: \.isNewline).map(String.init)
    }

    /// Every container with `podserve-gate=1`, whichever run started it.
    package static func allToolContainers() throws -> [String] {
        let result = try SystemProcessRunner().run(
            ProcessSpec(
                "podman", ["ps", "-a", "--filter", "label=podserve-gate=1", "--format", "{{.Names}}"], timeout: 60))
        return result.stdoutText.split(whereSeparator: \.isNewline).map(String.init)
    }

    /// True when podman answers here (tests that need it carry the `.podman` trait).
    package static var podmanWorks: Bool { podmanProblem == nil }

    /// Why podman does not work here (`podman info` failed: its words), or nil when it does.
    package static let podmanProblem: String? = {
        do {
            let result = try SystemProcessRunner().run(
                ProcessSpec("podman", ["info", "--format", "{{.Host.OCIRuntime.Name}}"], timeout: 60))
            if result.succeeded { return nil }
            let words = result.excerpt(limit: 500)
            return "`podman info` ended with \(result.endDescription)\(words.isEmpty ? "" : ": \(words)")"
        } catch {
            return "`podman info` could not run: \(error)"
        }
    }()

    /// The `PODSERVE_REAL_*` variable that asks for the real-podman suites (scripts/test.sh sets them), or nil.
    package static let realSuitesRequestedBy: String? = {
        let environment = ProcessInfo.processInfo.environment
        return ["PODSERVE_REAL_IMAGES", "PODSERVE_REAL_PODS"].first { environment[$0] == "1" }
    }()
}
