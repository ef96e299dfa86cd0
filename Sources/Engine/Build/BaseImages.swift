import Domain
import Foundation
import Yams

/// `base-images.yaml` at the workspace root: how to make a local base image a Containerfile's FROM
/// names when it is missing (there is no registry to pull from). Example:
///
///     localhost/podserve-base:bookworm:
///       command: [scripts/build-base-image.sh]
///       timeout: 15m
///       context: scripts/build-base-image.sh   # optional; default: the command when it is a repository path
///
/// The recipe's context (a file or folder of the repository) is what the base image is made from: its id at
/// HEAD labels the base image and every service image built on it, so a changed recipe makes them stale.
package struct BaseImages {
    package struct Recipe: Equatable {
        package let command: [String]
        package let timeout: TimeInterval
        /// Repository-relative path whose git object id identifies what the base is made from.
        package var contextPath: String?

        package init(command: [String], timeout: TimeInterval, contextPath: String? = nil) {
            self.command = command
            self.timeout = timeout
            self.contextPath =
                contextPath
                ?? command.first.flatMap {
                    $0.contains("/") && !$0.hasPrefix("/") ? BuildProvenance.normalized($0) : nil
                }
        }
    }
    package static let path = "base-images.yaml"
    package let recipes: [String: Recipe]

    package init(recipes: [String: Recipe]) { self.recipes = recipes }

    /// Reads the recipes; no file means no base images are known.
    package static func load(from workspace: Workspace) throws -> BaseImages {
        guard let text = try workspace.readText(path) else { return BaseImages(recipes: [:]) }
        let node: Node?
        do {
            try YAMLPreScan.check(text)
            node = try Yams.compose(yaml: text)
        } catch let exceeded as YAMLLimitExceeded {
            throw BuildError.invalidRecipes(
                path: "\(path):\(exceeded.line):\(exceeded.column)", message: exceeded.message)
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            // Yams 6 refuses a repeated key while composing (Yams 5 let the later recipe win silently).
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            throw BuildError.invalidRecipes(
                path: "\(path):\(context.mark.line):\(context.mark.column)",
                message: "\(keys) appears more than once; keep one recipe per image")
        } catch let error as YamlError {
            throw BuildError.invalidRecipes(path: path, message: "\(error)")
        }
        var recipes: [String: Recipe] = [:]
        for (key, value) in node?.mapping ?? [:] {
            guard let ref = key.string else { continue }
            guard let command = value.mapping?["command"]?.sequence?.compactMap(\.string), !command.isEmpty else {
                throw BuildError.invalidRecipes(
                    path: "\(path):\(key.mark.map { "\($0.line):\($0.column)" } ?? "?")",
                    message: "\(ref) needs `command: [program, args…]`")
            }
            var timeout: TimeInterval = 1800
            if let text = value.mapping?["timeout"]?.string {
                do { timeout = try DurationValue(parsing: text).seconds } catch {
                    throw BuildError.invalidRecipes(
                        path: path, message: "\(ref): timeout: \(error.localizedDescription)")
                }
            }
            let context = value.mapping?["context"]?.string.map(BuildProvenance.normalized)
            recipes[ref] = Recipe(command: command, timeout: timeout, contextPath: context)
        }
        return BaseImages(recipes: recipes)
    }

    /// The images a Containerfile's FROM lines name (build-stage aliases excluded).
    package static func fromImages(containerfile: String) -> [String] {
        var stages: Set<String> = []
        var images: [String] = []
        for raw in containerfile.split(separator: "\n") {
            let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard words.first?.uppercased() == "FROM" else { continue }
            let args = words.dropFirst().filter { !$0.hasPrefix("--") }
            guard let image = args.first else { continue }
            if !stages.contains(image) && image != "scratch" { images.append(image) }
            if args.count >= 3, args[args.startIndex + 1].uppercased() == "AS" {
                stages.insert(args[args.startIndex + 2])
            }
        }
        return images
    }
}
