import Foundation
import Testing
import TestSupport

/// The hostile-user reproductions in tests/redteam (see FINDINGS.md there): each script exits 1 while its bug
/// exists, so every one must now exit 0 against the built binary.
@Suite(.serialized, .blocking) struct RedTeamRegressionTests {
    static let folder = GateCLI.packageRoot + "/tests/redteam"

    static var scripts: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.first?.isNumber == true && $0.hasSuffix(".sh") }.sorted()
    }

    @Test func everyReproductionIsFixed() throws {
        #expect(Self.scripts.count >= 20)
        let sandbox = try GitSandbox(initialize: false)
        defer { sandbox.remove() }
        for script in Self.scripts {
            let result = try sandbox.run("env", ["BIN=\(GateCLI.binary)", "timeout", "300", "bash", Self.folder + "/" + script])
            #expect(result.status == 0, "\(script): \(result.stdout.suffix(1500))\(result.stderr.suffix(1500))")
        }
    }
}
