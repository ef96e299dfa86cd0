import Foundation
import TestSupport
import Testing

/// The object-store seal against a writer of `.git` (tests/redteam/47-49): an alternate libgit2 reads that the seal
/// did not list, a multi-pack index a new pack wakes, and a second copy of an id that answered the audit or is put
/// in front of it. In each the cached run must report what `verify --no-cache` reports.
@Suite(.blocking) struct VerifyCacheSealTests {
    static let forged = "phase: ready\n"

    /// Writes into `objects`/pack a pack of the one blob `content` with an honest index; returns its path without
    /// the `.pack` / `.idx` suffix.
    @discardableResult
    static func honestPack(_ ws: GitSandbox, _ content: String, into objects: String) throws -> String {
        let scratch = try GitSandbox(initialize: true)
        defer { scratch.remove() }
        let id = try scratch.git(["hash-object", "-w", "--stdin"], input: content)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.createDirectory(atPath: objects + "/pack", withIntermediateDirectories: true)
        let name = try scratch.git(["pack-objects", "-q", objects + "/pack/pack"], input: id + "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return objects + "/pack/pack-" + name
    }

    /// The cached run and `--no-cache` agree, `--no-cache` exits `expected`, and the cached run was a full audit.
    static func expectSameAsFullAudit(_ ws: GitSandbox, _ variant: String, exits expected: Int32) throws {
        let cached = try VerifyCacheTests.verify(ws)
        let full = try VerifyCacheTests.verify(ws, "--no-cache")
        #expect(full.status == expected, "\(variant): \(full.stdout)")
        #expect(cached.status == full.status && cached.stdout == full.stdout, "\(variant): \(cached.stdout)")
        #expect(cached.stderr.contains("verify: full audit"), "\(variant): \(cached.stderr)")
    }

    @Test func anAlternateLibgit2ReadsIsSealedHoweverItIsNamed() throws {
        for variant in ["behind sixteen others", "relative to the working directory", "after a line not in UTF-8"] {
            let ws = try VerifyCacheTests.workspace()
            defer { ws.remove() }
            let others = ws.root + "-alternates"
            defer { try? FileManager.default.removeItem(atPath: others) }
            #expect(try VerifyCacheTests.verify(ws).status == 0)
            sleep(3)  // past the seal's margin for file-time granularity
            let blob = try ws.git("rev-parse", "HEAD:services/dns/state.yaml")
            if variant == "behind sixteen others" {
                // libgit2 reads every line; the listing used to stop after 16 folders, taking the last lines first.
                try VerifyCacheTests.forgePack(ws, claiming: blob, content: Self.forged, into: others + "/0/objects")
                let lines = (0...16).map { "\(others)/\($0)/objects" }
                for line in lines {
                    try FileManager.default.createDirectory(atPath: line, withIntermediateDirectories: true)
                }
                try ws.write(".git/objects/info/alternates", lines.joined(separator: "\n") + "\n")
            } else if variant == "after a line not in UTF-8" {
                // libgit2 skips the comment; reading the file as text dropped every line.
                try VerifyCacheTests.forgePack(ws, claiming: blob, content: Self.forged, into: others + "/0/objects")
                let bytes = Data("# ".utf8) + Data([0xFF]) + Data("\n\(others)/0/objects\n".utf8)
                try bytes.write(to: URL(fileURLWithPath: ws.root + "/.git/objects/info/alternates"))
            } else {
                // libgit2 joins only lines starting with `.` to the objects folder; this one is relative to the
                // working directory (the work tree, which has services/).
                try VerifyCacheTests.forgePack(
                    ws, claiming: blob, content: Self.forged, into: ws.root + "/.git/evil-objects")
                try ws.write(".git/objects/info/alternates", "services/../.git/evil-objects\n")
            }
            try Self.expectSameAsFullAudit(ws, variant, exits: 1)
        }
    }

    @Test func aPackNamedInBytesThatAreNotUTF8IsSealed() throws {
        let ws = try VerifyCacheTests.workspace()
        defer { ws.remove() }
        let scratch = ws.root + "-forged"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        #expect(try VerifyCacheTests.verify(ws).status == 0)
        sleep(3)
        let blob = try ws.git("rev-parse", "HEAD:services/dns/state.yaml")
        try VerifyCacheTests.forgePack(ws, claiming: blob, content: Self.forged, into: scratch)
        // libgit2 loads any `*.idx`; Foundation's listing leaves out a name that is not UTF-8.
        for name in try FileManager.default.contentsOfDirectory(atPath: scratch + "/pack") {
            let suffix = (name as NSString).pathExtension
            let target = Array((ws.root + "/.git/objects/pack/pack-").utf8) + [0xFF, 0xFE] + Array(".\(suffix)".utf8)
            #expect(rename(scratch + "/pack/" + name, target.map { CChar(bitPattern: $0) } + [0]) == 0)
        }
        try Self.expectSameAsFullAudit(ws, "pack name", exits: 1)
    }

    @Test func aMultiPackIndexWokenByANewPackSendsVerifyBackToAFullAudit() throws {
        let ws = try VerifyCacheTests.workspace()
        defer { ws.remove() }
        let away = ws.root + "-away"
        defer { try? FileManager.default.removeItem(atPath: away) }
        let blob = try ws.git("rev-parse", "HEAD:services/dns/state.yaml")
        let objects = ws.root + "/.git/objects"
        // A midx written while an index claimed the blob's id for `phase: ready`: it maps the id into that pack.
        try VerifyCacheTests.forgePack(ws, claiming: blob, content: Self.forged, into: objects)
        try ws.git("multi-pack-index", "write")
        #expect(try ws.git("cat-file", "-p", blob) == "phase: ready", "setup: the midx answers")
        let names = try FileManager.default.contentsOfDirectory(atPath: objects + "/pack")
        let pack = try #require(names.first { $0.hasSuffix(".pack") })
        let base = objects + "/pack/" + pack.dropLast(5)
        try FileManager.default.createDirectory(atPath: away, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: base + ".pack", toPath: away + "/" + pack)
        try FileManager.default.removeItem(atPath: base + ".idx")
        // Its pack missing, libgit2 ignores the midx: the audit reads the real blob.
        #expect(try VerifyCacheTests.verify(ws).status == 0)
        sleep(3)
        try FileManager.default.moveItem(atPath: away + "/" + pack, toPath: base + ".pack")
        try ws.git("index-pack", base + ".pack")  // an honest index: every object it lists hashes to its id
        try Self.expectSameAsFullAudit(ws, "midx", exits: 1)
    }

    @Test func aCopyThatAnsweredTheAuditCannotBeSwappedBehindTheCache() throws {
        for variant in ["forged pack deleted", "honest pack in front of a forged one", "forged loose object repaired"] {
            let ws = try VerifyCacheTests.workspace()
            defer { ws.remove() }
            let objects = ws.root + "/.git/objects"
            let blob = try ws.git("rev-parse", "HEAD:services/dns/state.yaml")
            let honest = try ws.git("cat-file", "-p", blob) + "\n"
            // Planted before the cached run where libgit2 reads first (packs before loose objects).
            if variant == "forged loose object repaired" {
                try VerifyCacheTests.rewriteObject(ws, blob, as: Self.forged)
            } else {
                try VerifyCacheTests.forgePack(ws, claiming: blob, content: Self.forged, into: objects)
            }
            sleep(3)
            #expect(try VerifyCacheTests.verify(ws).status == 1, "\(variant): setup: the audit reads the forged copy")
            sleep(3)
            switch variant {
            case "forged pack deleted":
                for name in try FileManager.default.contentsOfDirectory(atPath: objects + "/pack") {
                    try FileManager.default.removeItem(atPath: objects + "/pack/" + name)
                }
            case "honest pack in front of a forged one": try Self.honestPack(ws, honest, into: objects)
            default: try VerifyCacheTests.rewriteObject(ws, blob, as: honest)
            }
            try Self.expectSameAsFullAudit(ws, variant, exits: 0)
        }
    }

    /// Renames the pack `base` (`…/pack-<name>` without suffix) to `pack-<to>` in its folder, as a push's
    /// quarantine pack moves into the repository: for libgit2 one pack went and a new one came.
    static func movePack(_ base: String, to name: String) throws {
        let folder = (base as NSString).deletingLastPathComponent
        for suffix in [".idx", ".pack"] {
            try FileManager.default.moveItem(atPath: base + suffix, toPath: folder + "/pack-" + name + suffix)
        }
    }

    /// The packs of `ws`'s own objects folder, without suffix, smallest first.
    static func packs(_ ws: GitSandbox) throws -> [String] {
        let folder = ws.root + "/.git/objects/pack"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".pack") }
        let sized = try names.map { name in
            (
                folder + "/" + name.dropLast(5),
                try FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int ?? 0
            )
        }
        return sized.sorted { $0.1 < $1.1 }.map(\.0)
    }

    @Test func aPackCheckedOnceMayGoButOneTheAuditReadUncheckedMayNot() throws {
        let ws = try VerifyCacheTests.workspace()
        defer { ws.remove() }
        // More objects in one pack than a full audit's budget: sealing leaves that pack unchecked.
        var files: [String: String] = [:]
        for n in 0..<1100 { files["data/\(n).txt"] = "\(n)\n" }
        try ws.commit(files, message: "a large import")
        try ws.git("repack", "-adq")
        #expect(try VerifyCacheTests.verify(ws).status == 0)
        sleep(3)
        // A pack that came since is checked (each object hashed) and may then go.
        try ws.commit(["notes.txt": "x\n"], message: "one")
        try ws.git("repack", "-dq")
        #expect(try VerifyCacheTests.verify(ws).stderr.contains("incremental: 1 new commit(s)"))
        try Self.movePack(try #require(try Self.packs(ws).first), to: "moved-once")
        let moved = try VerifyCacheTests.verify(ws)
        #expect(moved.stderr.contains("incremental: 0 new commit(s)"), "\(moved.stderr)")
        // A full audit checks the small packs it sealed (a push's quarantine pack in the pre-receive hook) ...
        try FileManager.default.removeItem(atPath: ws.root + "/.git/podserve-gate/verify-cache.json")
        try ws.commit(["notes.txt": "y\n"], message: "two")
        try ws.git("repack", "-dq")
        #expect(try VerifyCacheTests.verify(ws).stderr.contains("full audit (no verified ancestor"))
        try Self.movePack(try #require(try Self.packs(ws).first), to: "moved-twice")
        let quarantined = try VerifyCacheTests.verify(ws)
        #expect(quarantined.stderr.contains("incremental: 0 new commit(s)"), "\(quarantined.stderr)")
        // ... but not the large one: its going costs one full audit.
        try ws.git("repack", "-adq", "-f")
        let repacked = try VerifyCacheTests.verify(ws)
        #expect(repacked.stderr.contains("which the cached audit read, went away or changed"), "\(repacked.stderr)")
        try ws.commit(["notes.txt": "z\n"], message: "three")
        #expect(try VerifyCacheTests.verify(ws).stderr.contains("incremental: 1 new commit(s)"))
        let cached = try VerifyCacheTests.verify(ws)
        let full = try VerifyCacheTests.verify(ws, "--no-cache")
        #expect(full.status == 0 && cached.status == full.status && cached.stdout == full.stdout, "\(cached.stdout)")
    }

    @Test func pushesOfMoreThanAHundredObjectsEachStayIncrementalInThePreReceiveHook() throws {
        let server = try GitSandbox(bare: true)
        defer { server.remove() }
        try FileManager.default.copyItem(
            atPath: GateCLI.packageRoot + "/examples/hooks/pre-receive", toPath: server.root + "/hooks/pre-receive")
        let ws = try VerifyCacheTests.workspace()
        defer { ws.remove() }
        try ws.git("remote", "add", "origin", server.root)
        let push = { try ws.run("env", ["PODSERVE_GATE=\(GateCLI.binary)", "git", "push", "-q", "origin", "main"]) }
        // Each push brings more than git's unpackLimit (100) objects: they arrive as a pack in the quarantine
        // folder, which git moves into the repository once the hook accepts the push.
        for round in 0..<3 {
            var files: [String: String] = [:]
            for n in 0..<120 { files["data/\(round)/\(n).txt"] = "\(round) \(n)\n" }
            try ws.commit(files, message: "import \(round)")
            let result = try push()
            #expect(result.status == 0, "\(result.stderr)")
            let expected = round == 0 ? "verified (full audit" : "verified (incremental: 1 new commit(s)"
            #expect(result.stderr.contains(expected), "push \(round): \(result.stderr)")
        }
        #expect(try server.git("count-objects", "-v").contains("packs: 3"))
    }
}
