import Domain
import Foundation

/// Refuses, before a runtime gate starts anything, an image that was not built from HEAD's build context:
/// the gate would otherwise judge an old image and record it as the committed service.
package struct ImageGuard {
    /// The phases whose gates run or inspect the service's image: the runtime gates, and production, whose
    /// security review would otherwise review an image other than the committed one.
    package static let runtimePhases: Set<Phase> = [.isolation, .performance, .combination, .production]

    package let workspace: Workspace
    package let containers: ContainerEngine

    package init(workspace: Workspace, containers: ContainerEngine) {
        self.workspace = workspace
        self.containers = containers
    }

    /// Throws `BuildError.staleImage` (exit 2, naming `podserve-gate build <svc>`) when the service declares
    /// `build:` and its image exists but carries another context tree id than HEAD's, or none.
    /// A missing image passes here (image-present builds it; other validators say it is missing);
    /// a service without `build:` uses its image as is.
    package func requireFresh(service: ServiceName, plan: ServicePlan) throws {
        guard let provenance = try BuildProvenance.atHead(workspace: workspace, service: service, plan: plan) else {
            return
        }
        if case .stale(let reason) = provenance.judge(try containers.imageInfo(provenance.image)) {
            throw BuildError.staleImage(service: service, image: provenance.image, reason: reason)
        }
    }
}
