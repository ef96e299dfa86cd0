import Foundation
import TestSupport
import Testing

/// The documented fast filter (README and scripts/mutation-sample.sh) must leave out every suite that needs
/// podman, or the inner loop would start containers (or cancel them by the dozen) after a new suite lands.
@Suite struct FastFilterTests {
    static let root = GateCLI.packageRoot

    /// The single-quoted `--filter` pattern after `marker` in a file.
    static func filter(in path: String, after marker: String) throws -> String {
        let text = try String(contentsOfFile: root + "/" + path, encoding: .utf8)
        let start = try #require(text.range(of: marker), "\(path) has no \(marker)")
        let rest = text[start.upperBound...]
        let end = try #require(rest.firstIndex(of: "'"), "\(path): unterminated filter")
        return String(rest[..<end])
    }

    @Test func readmeAndMutationScriptShareOneFilterThatLeavesOutEveryPodmanSuite() throws {
        let readme = try Self.filter(in: "README.md", after: "swift test --skip-build --filter '")
        let script = try Self.filter(in: "scripts/mutation-sample.sh", after: "FAST_FILTER='")
        #expect(readme == script)
        let regex = try Regex(script)
        var podmanSuites: [String] = []
        let tests = URL(fileURLWithPath: Self.root + "/Tests")
        let files =
            FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (i, line) in lines.enumerated() where line.hasPrefix("@Suite") {
                // The attribute may span lines: read up to the suite's `struct` line.
                guard let last = lines[i...].prefix(6).firstIndex(where: { $0.contains("struct ") }) else { continue }
                let declaration = lines[i...last].joined(separator: " ")
                guard declaration.contains(".podman"),
                    let name = lines[last].components(separatedBy: "struct ").last?.split(separator: " ").first
                else { continue }
                podmanSuites.append(String(name))
            }
        }
        #expect(podmanSuites.count >= 10, "found only \(podmanSuites)")
        for suite in podmanSuites {
            #expect(
                (try? regex.firstMatch(in: "EngineTests.\(suite)/someTest()")) == nil,
                "the fast filter runs \(suite), which needs podman")
        }
        #expect((try? regex.firstMatch(in: "EngineTests.SoakLogicTests/flatMemoryPasses()")) != nil)
        // The runner's descriptor tests read this process's descriptor table: only in a process of their own.
        #expect((try? regex.firstMatch(in: "SupportTests.RunnerTests/Descriptors/someTest()")) == nil)
        // scripts/test.sh runs the podman suites on their own, by this list: it must name every one.
        let listed = try Self.filter(in: "scripts/test.sh", after: "PODMAN_SUITES='").split(separator: "|").map(
            String.init)
        for suite in podmanSuites {
            #expect(listed.contains(suite), "scripts/test.sh's PODMAN_SUITES leaves out \(suite), which needs podman")
        }
    }
}
