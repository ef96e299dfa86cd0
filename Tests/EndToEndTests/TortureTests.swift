import Foundation
import TestSupport
import Testing

/// The crash-safety torture script (tests/torture/run.sh) in its short form: kill -9 at the injected pause
/// points and after random delays, checking fsck, HEAD, index and the next advance after each kill.
@Suite(.blocking) struct TortureTests {
    @Test func killNineAnywhereLeavesNoHalfLandedTransition() throws {
        let sandbox = try GitSandbox(initialize: false)
        defer { sandbox.remove() }
        let result = try sandbox.run(
            "bash", [GateCLI.packageRoot + "/tests/torture/run.sh", "--short", GateCLI.binary])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("torture: 11 passed, 0 failed (short)"), "\(result.stdout)")
    }
}
