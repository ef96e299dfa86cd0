import Foundation

/// Why an image could not be built; each names the service or image and what to do.
public enum BuildError: Error, LocalizedError {
    case noBuildContext(service: String)
    case missingContainerfile(service: String, path: String)
    case invalidRecipes(path: String, message: String)
    case baseImageMissing(image: String, service: String)

    public var errorDescription: String? {
        switch self {
        case .noBuildContext(let service):
            return "\(service) has no `build:` in services/\(service)/service.yaml; add `build: .` and a Containerfile, or build its image yourself"
        case .missingContainerfile(let service, let path):
            return "\(service): no Containerfile or Dockerfile in \(path)"
        case .invalidRecipes(let path, let message):
            return "\(path): \(message)"
        case .baseImageMissing(let image, let service):
            return "\(service) builds FROM \(image), which does not exist and has no recipe in base-images.yaml; build it, or add a recipe"
        }
    }
}
