import Foundation
import TestSupport
import Testing

/// A typo in `commit.gpgsign` must never read as "unset" and silently skip signing.
@Suite(.blocking) struct ConfigTypoTests {
    @Test func aMalformedGpgsignStopsTheTransitionAndNamesTheSetting() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.git("config", "commit.gpgsign", "yess")
        let head = try ws.git("rev-parse", "HEAD")
        let result = try ws.gate("new", "dns")
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("commit.gpgsign is \"yess\""), "\(result.stderr)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
        #expect(!FileManager.default.fileExists(atPath: ws.root + "/services/dns"))
    }
}
