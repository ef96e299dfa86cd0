import Foundation
import Locking
import Support

/// The working containers `podman build` leaves behind when it is stopped mid-build (a Ctrl-C, a build timeout):
/// podman removes them when a build fails, not when it is signalled, and they cannot carry the run's label. They
/// are buildah containers (state `storage`, listed only by `podman ps --external`) named after the image a FROM line
/// names (`<name>-working-container`, then `-1`, `-2` …), so the ones a build made are those of its FROM images
/// created since it began. Every build is noted while it runs; a stopped one stays noted ("abandoned") until its
/// leftovers are removed, which waits while another build of this process from the same images still runs (its
/// working container has the same name pattern), and an interrupt's cleanup removes the leftovers of every note. The
/// cost of the name rule: a build of the same base that another process started in the same seconds on the same
/// engine could lose its working container (it fails, and is run again).
package enum BuildLeftovers {
    /// A build under way: the engine, the name prefixes of its FROM images and when it began (seconds since 1970).
    struct Build: Sendable {
        let target: EngineTarget
        let prefixes: [String]
        let since: Int
        /// When it was stopped (timeout, signal) rather than ended by podman: its working container may still be
        /// there, made between `since` and this second (a later build's is not its own).
        var stoppedAt: Int?
        var abandoned: Bool { stoppedAt != nil }
    }

    private static let notes = Locked<[UUID: Build]>([:])

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
        notes.withLock { $0[token] = build }
        return token
    }

    /// The build ended by itself (it succeeded or failed): podman removed its working container.
    static func end(_ token: UUID) { _ = notes.withLock { $0.removeValue(forKey: token) } }

    /// The build was stopped: its leftovers go at the next sweep no running build of the same images holds up.
    static func abandon(_ token: UUID) {
        let now = Int(Date().timeIntervalSince1970)
        notes.withLock { $0[token]?.stoppedAt = now }
    }

    /// Removes the leftovers of the abandoned builds on `podman`'s engine whose FROM images no running build of
    /// this process shares; a note whose removal failed stays for the next sweep or the interrupt's cleanup.
    static func sweep(_ podman: Podman) {
        let ready = notes.withLock { notes in
            let busy = Set(notes.values.filter { !$0.abandoned && $0.target == podman.target }.flatMap(\.prefixes))
            return notes.filter { $0.value.abandoned && $0.value.target == podman.target }
                .filter { busy.isDisjoint(with: $0.value.prefixes) }
        }
        for (token, build) in ready where podman.removeLeftovers(of: build) != nil { end(token) }
    }

    /// Removes the leftovers of every build still noted on `podman`'s engine (an interrupt's cleanup: every build of
    /// the run was stopped).
    static func removeInFlight(_ podman: Podman) -> [String] {
        let builds = notes.withLock { Array($0.values) }.filter { $0.target == podman.target }
        return builds.flatMap { podman.removeLeftovers(of: $0) ?? [] }
    }
}

extension Podman {
    /// Removes the buildah working containers `build` may have left: those of its FROM images made since it began.
    /// Nil when podman could not list or remove them.
    func removeLeftovers(of build: BuildLeftovers.Build) -> [String]? {
        guard !build.prefixes.isEmpty else { return [] }
        guard let listing = try? call(["ps", "-a", "--external", "--format", "json"]),
            let containers = try? JSONSerialization.jsonObject(with: listing.stdout) as? [[String: Any]]
        else { return nil }
        let ids = containers.compactMap { container -> String? in
            guard (container["State"] as? String)?.lowercased() == "storage",
                let created = container["Created"] as? Int, created >= build.since - 1,
                created <= (build.stoppedAt ?? Int.max),
                let id = container["Id"] as? String, let names = container["Names"] as? [String],
                names.contains(where: { name in build.prefixes.contains { BuildLeftovers.matches(name, prefix: $0) } })
            else { return nil }
            return id
        }
        guard !ids.isEmpty else { return [] }
        return (try? call(["rm", "-f"] + ids)) != nil ? ids : nil
    }
}
