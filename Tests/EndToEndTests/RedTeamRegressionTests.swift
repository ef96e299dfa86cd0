import Foundation
import TestSupport
import Testing

/// The hostile-user reproductions in tests/redteam (see FINDINGS.md there): each script exits 1 while its bug
/// exists, so every one must now exit 0 against the built binary. A script whose first lines hold `# OPEN` is a
/// finding not fixed yet: it must still exit 1 (it still reproduces); once it exits 0, remove the marker.
@Suite(.serialized, .blocking) struct RedTeamRegressionTests {
    static let folder = GateCLI.packageRoot + "/tests/redteam"

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.first?.isNumber == true && $0.hasSuffix(".sh") }.sorted()
    }

    /// Whether a script is marked as an open finding (`# OPEN` on one of its first five lines).
    static func isOpen(_ script: String) -> Bool {
        let text = (try? String(contentsOfFile: folder + "/" + script, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).prefix(5).contains {
            $0.hasPrefix("# OPEN")
        }
    }

    @Test func everyReproductionIsFixed() throws {
        #expect(Self.scripts.count >= 20)
        let sandbox = try GitSandbox(initialize: false)
        defer { sandbox.remove() }
        for script in Self.scripts {
            let result = try sandbox.run(
                "env", ["BIN=\(GateCLI.binary)", "timeout", "300", "bash", Self.folder + "/" + script])
            let expected: Int32 = Self.isOpen(script) ? 1 : 0
            let state = expected == 1 ? "OPEN: must still reproduce; fixed? remove its # OPEN line" : "fixed"
            #expect(
                result.status == expected,
                "\(script) (\(state)): \(result.stdout.suffix(1500))\(result.stderr.suffix(1500))")
        }
    }
}
