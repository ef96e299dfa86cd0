import Foundation
import Support

/// Checks the runtime tests make around podman: nothing they started may outlive a test.
public enum PodmanTestSupport {
    /// Names of containers carrying `podserve-gate=1` and the given run id (another process's
    /// concurrent run is not this test's leftover).
    public static func leftoverContainers(runID: String) throws -> [String] {
        let result = try SystemProcessRunner().run(ProcessSpec(
            "podman", ["ps", "-a", "--filter", "label=podserve-gate=1", "--filter", "label=podserve-gate.run=\(runID)",
                       "--format", "{{.Names}}"], timeout: 60))
        return result.stdoutText.split(whereSeparator: \.isNewline).map(String.init)
    }

    /// Every container with `podserve-gate=1`, whichever run started it.
    public static func allToolContainers() throws -> [String] {
        let result = try SystemProcessRunner().run(ProcessSpec(
            "podman", ["ps", "-a", "--filter", "label=podserve-gate=1", "--format", "{{.Names}}"], timeout: 60))
        return result.stdoutText.split(whereSeparator: \.isNewline).map(String.init)
    }

    /// True when `podman run` works here (tests that need it are disabled otherwise, with the reason).
    public static let podmanWorks: Bool = {
        guard let result = try? SystemProcessRunner().run(ProcessSpec("podman", ["info", "--format", "{{.Host.OCIRuntime.Name}}"], timeout: 60)) else {
            return false
        }
        return result.succeeded
    }()
}
