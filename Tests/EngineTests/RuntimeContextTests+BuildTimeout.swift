import Engine
import Foundation
import Support
import TestSupport
import Testing

/// `podman build` stopped by its timeout leaves its buildah working container; `Podman.build` removes it
/// (tests/redteam/41 covers Ctrl-C through the CLI). In the podman suite of this target, so the fast filter skips it.
extension RuntimeContextTests {
    @Test func aBuildStoppedByItsTimeoutLeavesNoWorkingContainer() throws {
        try TinyImages.ensureAll()
        let prefix = "pg-timeout-base\(UInt32.random(in: 100_000...999_999))"
        let base = "localhost/\(prefix):x"
        let image = "localhost/\(prefix)-built:x"
        let runner = SystemProcessRunner()
        _ = try runner.run(ProcessSpec("podman", ["tag", TinyImages.wellBehaved.ref, base], timeout: 60))
        let context = FileManager.default.temporaryDirectory.appendingPathComponent("pg-timeout-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
        defer {
            try? FileManager.default.removeItem(atPath: context)
            _ = try? runner.run(ProcessSpec("podman", ["rmi", "-f", image, base], timeout: 60))
        }
        try Data("FROM \(base)\nRUN sleep 60\n".utf8).write(to: URL(fileURLWithPath: context + "/Containerfile"))
        let result = try Podman().build(context: context, containerfile: nil, tag: image, timeout: 4)
        #expect(!result.succeeded)
        #expect(result.end.contains("timed out"), "\(result.end)")
        let left = try PodLeftovers.workingContainers(prefix)
        for line in left {
            _ = try? runner.run(ProcessSpec("podman", ["rm", "-f", String(line.prefix { $0 != " " })], timeout: 60))
        }
        #expect(left.isEmpty, "left behind: \(left)")
    }
}
