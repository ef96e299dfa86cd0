import Foundation
import Support

/// Leftover checks for the integration-gate tests: no pod and no container of a run may outlive a test.
package enum PodLeftovers {
    /// Pods and containers carrying `podserve-gate=1` and the run's id, as `pod <name>` / `container <name>`.
    package static func of(runID: String) throws -> [String] {
        let runner = SystemProcessRunner()
        let filters = ["--filter", "label=podserve-gate=1", "--filter", "label=podserve-gate.run=\(runID)"]
        let pods = try runner.run(
            ProcessSpec("podman", ["pod", "ps"] + filters + ["--format", "{{.Name}}"], timeout: 60))
        let containers = try runner.run(
            ProcessSpec("podman", ["ps", "-a"] + filters + ["--format", "{{.Names}}"], timeout: 60))
        return pods.stdoutText.split(whereSeparator: \.isNewline).map { "pod \($0)" }
            + containers.stdoutText.split(whereSeparator: \.isNewline).map { "container \($0)" }
    }

    /// Buildah working containers (`podman ps -a --external`) of builds from `prefix`'s image: a `podman build`
    /// killed mid-step leaves one, unlabelled, that only this listing shows.
    package static func workingContainers(_ prefix: String) throws -> [String] {
        let listing = try SystemProcessRunner().run(
            ProcessSpec("podman", ["ps", "-a", "--external", "--format", "{{.ID}} {{.Names}}"], timeout: 60))
        return listing.stdoutText.split(separator: "\n").map(String.init).filter {
            $0.contains(" \(prefix)-working-container")
        }
    }
}
