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

    /// Replaces the loose object `id` of `ws` with a valid loose file of `content` (made by git in a scratch
    /// repository): the object now reads as `content` under an id that does not name it.
    static func rewriteObject(_ ws: GitSandbox, _ id: String, as content: String, into objects: String? = nil) throws {
        let scratch = try GitSandbox(initialize: true)
        defer { scratch.remove() }
        let other = try scratch.git(["hash-object", "-w", "--stdin"], input: content)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let source = scratch.root + "/.git/objects/\(other.prefix(2))/\(other.dropFirst(2))"
        let folder = (objects ?? ws.root + "/.git/objects") + "/\(id.prefix(2))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let target = folder + "/\(id.dropFirst(2))"
        try? FileManager.default.removeItem(atPath: ws.root + "/.git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
        try FileManager.default.copyItem(atPath: source, toPath: target)
    }

    @Test func anObjectRewrittenAfterTheCachedRunSendsVerifyBackToAFullAudit() throws {
        for variant in ["in place", "altered copy in an alternate"] {
            let ws = try Self.workspace()
            defer { ws.remove() }
            let alternate = ws.root + "-alternate/objects"
            defer { try? FileManager.default.removeItem(atPath: ws.root + "-alternate") }
            #expect(try Self.verify(ws).status == 0)
            sleep(3)  // past the seal's margin for file-time granularity
            let blob = try ws.git("rev-parse", "HEAD:services/dns/state.yaml")
            if variant == "in place" {
                try Self.rewriteObject(ws, blob, as: "phase: ready\n")
            } else {
                try Self.rewriteObject(ws, blob, as: "phase: ready\n", into: alternate)
                try ws.write(".git/objects/info/alternates", alternate + "\n")
            }
            #expect(try ws.git("cat-file", "-p", blob) == "phase: ready", "\(variant): setup")
            let cached = try Self.verify(ws)
            let full = try Self.verify(ws, "--no-cache")
            #expect(full.status == 1 && full.stdout.contains("state-outside-gate"), "\(variant): \(full.stdout)")
            #expect(cached.status == full.status && cached.stdout == full.stdout, "\(variant): \(cached.stdout)")
            #expect(cached.stderr.contains("full audit (the object store changed since"), "\(cached.stderr)")
        }
    }

    @Test func newObjectsAndNewPacksThatCheckOutKeepTheCache() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        _ = try Self.verify(ws)
        sleep(3)
        try ws.commit(["notes.txt": "x\n"], message: "unrelated")
        #expect(try Self.verify(ws).stderr.contains("incremental: 1 new commit(s)"))
        // Everything repacked into one new pack (the loose objects go), each of its objects hashed to its id.
        try ws.git("repack", "-adq")
        try ws.commit(["notes.txt": "y\n"], message: "unrelated again")
        let repacked = try Self.verify(ws)
        #expect(repacked.stderr.contains("incremental: 1 new commit(s)"), "\(repacked.stderr)")
        // A pack such as a push or a fetch of more than 100 objects leaves beside the old one.
        try ws.commit(["notes.txt": "z\n"], message: "pushed")
        try ws.git("repack", "-dq")
        #expect(try ws.git("count-objects", "-v").contains("packs: 2"))
        let afterPush = try Self.verify(ws)
        #expect(afterPush.stderr.contains("incremental: 1 new commit(s)"), "\(afterPush.stderr)")
        // git gc also writes a commit-graph, which libgit2's walks trust: that costs one full audit.
        try ws.git("gc", "-q")
        let afterGC = try Self.verify(ws)
        #expect(afterGC.stderr.contains("full audit (the object store changed since"), "\(afterGC.stderr)")
        #expect(afterGC.stderr.contains("commit-graph"), "\(afterGC.stderr)")
        try ws.commit(["notes.txt": "w\n"], message: "after gc")
        #expect(try Self.verify(ws).stderr.contains("incremental: 1 new commit(s)"))
    }

    @Test func moreNewObjectsThanAFullAuditWouldReadCostOneFullAudit() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        _ = try Self.verify(ws)
        // 1,100 new blobs in one new pack (git fast-import writes one), past 1,000 plus two per audited commit.
        let blobs = (0..<1100).map { "blob\ndata \("\($0)\n".utf8.count)\n\($0)\n\n" }.joined()
        _ = try ws.git(["fast-import", "--quiet"], input: blobs)
        let first = try Self.verify(ws)
        #expect(first.stderr.contains("objects came since: a full audit costs less"), "\(first.stderr)")
        #expect(first.status == 0, "\(first.stdout)")
        try ws.commit(["notes.txt": "x\n"], message: "unrelated")
        #expect(try Self.verify(ws).stderr.contains("incremental: 1 new commit(s)"))
    }

    /// Writes into `objects`/pack a pack of one blob of `content` whose index names it `id`: a pack that answers
    /// for `id` with content that does not hash to it (the index's fan-out, id and checksum made to agree).
    static func forgePack(_ ws: GitSandbox, claiming id: String, content: String, into objects: String) throws {
        let scratch = try GitSandbox(initialize: true)
        defer { scratch.remove() }
        let real = try scratch.git(["hash-object", "-w", "--stdin"], input: content)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let name = try scratch.git(["pack-objects", "-q", scratch.root + "/forged"], input: real + "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let source = scratch.root + "/forged-\(name)"
        var index = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source + ".idx")))
        #expect(index.count == 1032 + 28 + 40, "a version-2 index of one object")
        let target = stride(from: 0, to: 40, by: 2).map { offset in
            UInt8(id.dropFirst(offset).prefix(2), radix: 16)!
        }
        for byte in 0..<256 { index[8 + 4 * byte + 3] = byte >= Int(target[0]) ? 1 : 0 }
        index.replaceSubrange(1032..<1052, with: target)
        let body = source + ".body"
        try Data(index.dropLast(20)).write(to: URL(fileURLWithPath: body))
        let sum = try ws.run("sha1sum", [body]).stdout.prefix(40)
        index.replaceSubrange(
            index.count - 20..<index.count,
            with: stride(from: 0, to: 40, by: 2).map { offset in
                UInt8(sum.dropFirst(offset).prefix(2), radix: 16)!
            })
        let folder = objects + "/pack"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source + ".pack", toPath: folder + "/pack-\(name).pack")
        try Data(index).write(to: URL(fileURLWithPath: folder + "/pack-\(name).idx"))
    }

    @Test func aForgedPackSendsVerifyBackToAFullAudit() throws {
        for variant in ["new pack", "new pack in a new alternate"] {
            let ws = try Self.workspace()
            defer { ws.remove() }
            let alternate = ws.root + "-alternate/objects"
            defer { try? FileManager.default.removeItem(atPath: ws.root + "-alternate") }
            #expect(try Self.verify(ws).status == 0)
            let blob = try ws.git("rev-parse", "HEAD:services/dns/state.yaml")
            if variant == "new pack" {
                try Self.forgePack(ws, claiming: blob, content: "phase: ready\n", into: ws.root + "/.git/objects")
            } else {
                try Self.forgePack(ws, claiming: blob, content: "phase: ready\n", into: alternate)
                try ws.write(".git/objects/info/alternates", alternate + "\n")
                try FileManager.default.removeItem(
                    atPath: ws.root + "/.git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
            }
            #expect(try ws.git("cat-file", "-p", blob) == "phase: ready", "\(variant): setup")
            let cached = try Self.verify(ws)
            let full = try Self.verify(ws, "--no-cache")
            #expect(full.status == 1 && full.stdout.contains("state-outside-gate"), "\(variant): \(full.stdout)")
            #expect(cached.status == full.status && cached.stdout == full.stdout, "\(variant): \(cached.stdout)")
            #expect(
                cached.stderr.contains("holds an object that does not match its id \(blob)"),
                "\(variant): \(cached.stderr)")
        }
    }

    @Test func aKeyFileOfAnotherUserOrOpenToOthersIsNotUsed() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        let state = ws.root + "-state"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let key = state + "/podserve-gate/verify-cache.key"
        try FileManager.default.createDirectory(atPath: state + "/podserve-gate", withIntermediateDirectories: true)
        func verify() throws -> GitCLIResult {
            try ws.run("env", ["XDG_STATE_HOME=\(state)", GateCLI.binary, "-C", ws.root, "verify", "--verbose"])
        }
        // A key this user made itself (0600) is used: the second run is incremental.
        _ = try verify()
        #expect(try verify().stderr.contains("incremental"))
        // The same key readable by others, or another user's key (one they know), is not.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        #expect(try verify().stderr.contains("full audit (no usable cache key"))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        #expect(try verify().stderr.contains("incremental"))
        if geteuid() == 0 {
            try FileManager.default.setAttributes([.ownerAccountID: 65534], ofItemAtPath: key)
            #expect(try verify().stderr.contains("full audit (no usable cache key"))
        }
    }
}
