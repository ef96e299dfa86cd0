import Domain
import Foundation
import Locking

/// The labels every container and pod started by this process carries, so an interrupted run
/// (or a crashed one) can find and remove exactly what it started and nothing else.
package struct RunLabel: Sendable, Equatable {
    /// Marks anything podserve-gate started (`podman ps -a --filter label=podserve-gate=1`).
    package static let toolKey = "podserve-gate"
    /// Names the run that started it, so parallel runs never remove each other's containers.
    package static let runKey = "podserve-gate.run"

    package let runID: String

    package init(runID: String) { self.runID = runID }

    /// One id per process: the process id plus a random suffix, short enough for container names.
    package static let current = RunLabel(runID: "\(getpid())-\(UUID().uuidString.prefix(8).lowercased())")

    /// The labels to pass with `--label` on every `podman run`.
    package var labels: [String: String] { [Self.toolKey: "1", Self.runKey: runID] }

    /// The filter (`label=k=v`) that selects this run's containers and pods.
    package var filter: String { "label=\(Self.runKey)=\(runID)" }

    /// A container name unique within the run: `pg-<service>-<purpose>-<run id>-<n>`.
    package func containerName(service: ServiceName, purpose: String) -> String {
        containerName(owner: service.rawValue, purpose: purpose)
    }

    /// The same for a container of the tool's own (`doctor`'s probe), which belongs to no service.
    package func containerName(owner: String, purpose: String) -> String {
        let raw = "pg-\(owner)-\(purpose)-\(runID)-\(Self.counter.withLock { $0 += 1; return $0 })"
        // podman names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*.
        return String(raw.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) ? $0 : "-" })
    }

    /// Names made so far in this process.
    private static let counter = Locked(0)
}
