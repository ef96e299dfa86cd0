import Foundation
import Support

/// Images derived from the tiny test images for the production-gate tests (built once per content, cached
/// by tag): one running as an unprivileged user, one with a world-writable file.
package enum PodImages {
    /// `wellBehaved` with `USER 65534` (nobody).
    package static var nonRoot: String { "localhost/podserve-gate-test-nonroot:\(TinyImages.contentTag)" }
    /// `wellBehaved` with /www/index.html mode 0666.
    package static var worldWritable: String { "localhost/podserve-gate-test-world-writable:\(TinyImages.contentTag)" }

    private static let lock = NSLock()

    /// Builds the derived images that are missing (needs the tiny images).
    package static func ensureAll() throws {
        try TinyImages.ensureAll()
        lock.lock(); defer { lock.unlock() }
        let base = TinyImages.wellBehaved.ref
        try build(nonRoot, "FROM \(base)\nUSER 65534\n")
        try build(worldWritable, "FROM \(base)\nRUN [\"/bin/chmod\", \"0666\", \"/www/index.html\"]\n")
    }

    /// Points `tag` at another image (`podman tag`), e.g. to make evidence stale.
    package static func tag(_ source: String, as tag: String) throws {
        let result = try SystemProcessRunner().run(ProcessSpec("podman", ["tag", source, tag], timeout: 60))
        guard result.succeeded else {
            throw TinyImageError(step: "podman tag \(source) \(tag)", output: result.excerpt())
        }
    }

    /// Removes a tag (the image stays when other tags name it).
    package static func untag(_ tag: String) {
        _ = try? SystemProcessRunner().run(ProcessSpec("podman", ["rmi", tag], timeout: 60))
    }

    private static func build(_ tag: String, _ containerfile: String) throws {
        let runner = SystemProcessRunner()
        if try runner.run(ProcessSpec("podman", ["image", "exists", tag])).succeeded { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pod-image-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try containerfile.write(toFile: dir + "/Containerfile", atomically: true, encoding: .utf8)
        let result = try runner.run(ProcessSpec("podman", ["build", "-q", "-t", tag, dir], timeout: 300))
        guard result.succeeded else { throw TinyImageError(step: "podman build \(tag)", output: result.excerpt()) }
    }
}
