import Foundation
import TestSupport
import Testing

/// Issue 11 part 3: the incremental verification cache, and every case that must send verify back to a full run.
@Suite(.blocking) struct VerifyCacheTests {
    /// A workspace with one real transition (dns planning -> isolation) and one forged state change (a finding).
    static func workspace() throws -> GitSandbox {
        let ws = try GitSandbox.workspace()
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        try ws.expectGate(["advance", "dns"])
        return ws
    }

    static func verify(_ ws: GitSandbox, _ extra: String...) throws -> GitCLIResult {
        try ws.gate(["verify", "--verbose"] + extra)
    }

    @Test func newCommitsAreAuditedIncrementallyWithTheSameFindingsAsAFullRun() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        #expect(try Self.verify(ws).stderr.contains("full audit"))
        // A hand edit of state.yaml: a finding the cached run must keep reporting.
        try ws.commit(["services/dns/state.yaml": "phase: performance\n"], message: "skip ahead by hand")
        let first = try Self.verify(ws)
        #expect(first.status == 1)
        #expect(first.stderr.contains("incremental: 1 new commit(s)"), "\(first.stderr)")
        try ws.commit(["notes.txt": "x\n"], message: "unrelated")
        let second = try Self.verify(ws)
        #expect(second.stderr.contains("incremental: 1 new commit(s)"), "\(second.stderr)")
        let full = try Self.verify(ws, "--no-cache")
        #expect(full.stderr.contains("full audit (--no-cache)"), "\(full.stderr)")
        #expect(second.status == full.status && second.stdout == full.stdout, "\(second.stdout)\n---\n\(full.stdout)")
        #expect(full.stdout.contains("state-outside-gate"), "\(full.stdout)")
    }

    @Test func aRewrittenHistoryIsVerifiedFromScratch() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        try ws.commit(["notes.txt": "x\n"], message: "verified")
        _ = try Self.verify(ws)
        // Force-push style rewrite: the verified tip is no longer reachable.
        try ws.git("reset", "-q", "--hard", "HEAD~1")
        try ws.commit(["services/dns/state.yaml": "phase: ready\n"], message: "rewritten history")
        let result = try Self.verify(ws)
        #expect(result.stderr.contains("full audit"), "\(result.stderr)")
        #expect(result.status == 1)
        #expect(result.stdout.contains("state-outside-gate"), "\(result.stdout)")
    }

    @Test func changedGateFilesAndChangedOptionsVerifyFromScratch() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        _ = try Self.verify(ws)
        let gate = try #require(ws.read("gates/2-isolation.yaml"))
        try ws.commit(["gates/2-isolation.yaml": gate + "\n# reviewed\n"], message: "gate edit")
        #expect(try Self.verify(ws).stderr.contains("full audit"))
        #expect(try Self.verify(ws).stderr.contains("incremental: 0 new commit(s)"))
        // Signatures are never served from the cache.
        let signed = try Self.verify(ws, "--require-signatures")
        #expect(signed.stderr.contains("full audit"), "\(signed.stderr)")
    }

    @Test func aCorruptedCacheCountsAsAbsent() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        _ = try Self.verify(ws)
        let path = ws.root + "/.git/podserve-gate/verify-cache.json"
        #expect(FileManager.default.fileExists(atPath: path))
        try Data("{\"version\": 1, \"entries\": [{\"tip\": \"zz".utf8).write(to: URL(fileURLWithPath: path))
        let result = try Self.verify(ws)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("full audit"), "\(result.stderr)")
        // The cache is never part of the tree.
        #expect(try ws.porcelain().isEmpty)
    }
}
