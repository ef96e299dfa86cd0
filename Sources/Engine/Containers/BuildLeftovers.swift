import Foundation
import Locking
import Support

/// The working containers `podman build` leaves behind when it is stopped mid-build (a Ctrl-C, a build timeout):
/// podman removes them when a build fails, not when it is signalled, and they cannot carry the run's label. They
/// are buildah containers (state `storage`, listed only by `podman ps --external`) named after the image a FROM line
/// names (`<name>-working-container`, then `-1`, `-2` …), so the ones a build made are those of its FROM images
/// created since it began. A build is noted while it runs, so an interrupt's cleanup removes them too; the cost of
/// the name rule is that a build of the same base that someone else started in the same seconds on the same engine
/// could lose its working container (it fails, and is run again).
package enum BuildLeftovers {
    /// A build under way: the engine, the name prefixes of its FROM images and when it began (seconds since 1970).
    struct Build: Sendable {
        let target: EngineTarget
        let prefixes: [String]
        let since: Int
    }

    private static let inFlight = Locked<[UUID: Build]>([:])

    /// The working-container name prefixes of a Containerfile's FROM images, as buildah names them (the image
    /// name before any `:`, its last `/` component, before any `@`); `FROM scratch` gives the bare name.
    static func prefixes(containerfile: String) -> [String] {
        var prefixes = BaseImages.fromImages(containerfile: containerfile).map { image -> String in
            let beforeColon = image.split(separator: ":", omittingEmptySubsequences: false).first ?? ""
            let last = beforeColon.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
            return String(last.split(separator: "@", omittingEmptySubsequences: false).first ?? "") + "-"
        }
        let scratch = containerfile.split(separator: "\n").contains { line in
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            return words.first?.uppercased() == "FROM" && words.dropFirst().first { !$0.hasPrefix("--") } == "scratch"
        }
        if scratch { prefixes.append("") }
        return prefixes
    }

    /// Whether `name` is a working container of an image with `prefix` (`<prefix>working-container[-N]`).
    static func matches(_ name: String, prefix: String) -> Bool {
        let base = prefix + "working-container"
        guard name.hasPrefix(base) else { return false }
        let rest = name.dropFirst(base.count)
        return rest.isEmpty || (rest.first == "-" && rest.count > 1 && rest.dropFirst().allSatisfy(\.isNumber))
    }

    static func begin(_ build: Build) -> UUID {
        let token = UUID()
        inFlight.withLock { $0[token] = build }
        return token
    }

    static func end(_ token: UUID) { _ = inFlight.withLock { $0.removeValue(forKey: token) } }

    static func build(_ token: UUID) -> Build? { inFlight.withLock { $0[token] } }

    /// Removes the leftovers of every build still noted on `podman`'s engine (an interrupt's cleanup).
    static func removeInFlight(_ podman: Podman) -> [String] {
        let builds = inFlight.withLock { Array($0.values) }.filter { $0.target == podman.target }
        return builds.flatMap { podman.removeLeftovers(of: $0) }
    }
}

extension Podman {
    /// Removes the buildah working containers `build` may have left: those of its FROM images made since it began.
    func removeLeftovers(of build: BuildLeftovers.Build) -> [String] {
        guard !build.prefixes.isEmpty,
            let listing = try? call(["ps", "-a", "--external", "--format", "json"]),
            let containers = try? JSONSerialization.jsonObject(with: listing.stdout) as? [[String: Any]]
        else { return [] }
        let ids = containers.compactMap { container -> String? in
            guard (container["State"] as? String)?.lowercased() == "storage",
                let created = container["Created"] as? Int, created >= build.since - 1,
                let id = container["Id"] as? String, let names = container["Names"] as? [String],
                names.contains(where: { name in build.prefixes.contains { BuildLeftovers.matches(name, prefix: $0) } })
            else { return nil }
            return id
        }
        guard !ids.isEmpty, (try? call(["rm", "-f"] + ids)) != nil else { return [] }
        return ids
    }
}
