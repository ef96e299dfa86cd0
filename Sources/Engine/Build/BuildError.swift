import Domain
import Foundation

/// Why an image could not be built; each names the service or image and what to do.
package enum BuildError: Error, LocalizedError {
    case noBuildContext(service: ServiceName)
    case missingContainerfile(service: ServiceName, path: String)
    case invalidRecipes(path: String, message: String)
    case baseImageMissing(image: String, service: ServiceName)
    /// The build context (or its Containerfile) is not in HEAD: images are built from committed contexts only.
    case contextNotCommitted(service: ServiceName, path: String)
    /// A runtime gate refuses an image not built from HEAD's build context.
    case staleImage(service: ServiceName, image: String, reason: String)

    package var errorDescription: String? {
        switch self {
        case .noBuildContext(let service):
            return
                "\(service) has no `build:` in services/\(service)/service.yaml; add `build: .` and a Containerfile, or build its image yourself"
        case .missingContainerfile(let service, let path):
            return "\(service): no Containerfile or Dockerfile in \(path)"
        case .invalidRecipes(let path, let message):
            return "\(path): \(message)"
        case .baseImageMissing(let image, let service):
            return
                "\(service) builds FROM \(image), which does not exist and has no recipe in base-images.yaml; build it, or add a recipe"
        case .contextNotCommitted(let service, let path):
            return
                "\(service): \(path) is not in HEAD; images are built from the committed build context, so commit it first"
        case .staleImage(let service, let image, let reason):
            return
                "\(service): image \(image) is stale: \(reason); run `podserve-gate build \(service)` (it rebuilds from HEAD)"
        }
    }
}
