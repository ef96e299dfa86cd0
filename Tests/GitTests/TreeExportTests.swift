import Foundation
import TestSupport
import Testing

@testable import Git

/// The filtered tree id and the export of a tree that `build` uses, checked against the git CLI.
@Suite("tree ids and exports", .blocking)
struct TreeExportTests {
    private func sandboxWithContext() throws -> (GitSandbox, OID, OID) {
        let sandbox = try GitSandbox()
        try sandbox.write("svc/Containerfile", "FROM scratch\n")
        try sandbox.write("svc/bin/run.sh", "#!/bin/sh\necho run\n")
        try sandbox.write("svc/state.yaml", "phase: isolation\n")
        try sandbox.write("svc/evidence/2-isolation.json", "{}\n")
        try FileManager.default.setAttributes(
            [.posixPermissions: 0o755], ofItemAtPath: sandbox.root + "/svc/bin/run.sh")
        try FileManager.default.createSymbolicLink(atPath: sandbox.root + "/svc/run", withDestinationPath: "bin/run.sh")
        try sandbox.git("add", "-A")
        try sandbox.git("commit", "-qm", "context")
        let repo = try Repository.discover(startingAt: sandbox.root)
        let head = try #require(try repo.head().commit)
        let tree = try #require(try repo.treeID(at: "svc", in: head))
        return (sandbox, head, tree)
    }

    @Test func filteredTreeIDIsWhatGitMktreeGives() throws {
        let (sandbox, _, tree) = try sandboxWithContext()
        defer { sandbox.remove() }
        let repo = try Repository.discover(startingAt: sandbox.root)
        #expect(try repo.treeID(of: tree, excluding: []) == tree)
        #expect(try repo.treeID(of: tree, excluding: ["not-there"]) == tree)
        let kept = try sandbox.git("ls-tree", "HEAD:svc").split(separator: "\n")
            .filter { !$0.hasSuffix("\tstate.yaml") && !$0.hasSuffix("\tevidence") }
        let expected = try sandbox.git(["mktree"], input: kept.joined(separator: "\n") + "\n")
        #expect(try repo.treeID(of: tree, excluding: ["state.yaml", "evidence"]).hex == expected)
    }

    @Test func exportWritesFilesModesAndLinksButNotExcludedNames() throws {
        let (sandbox, _, tree) = try sandboxWithContext()
        defer { sandbox.remove() }
        let repo = try Repository.discover(startingAt: sandbox.root)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        try repo.exportTree(tree, to: out, excluding: ["state.yaml", "evidence"])
        let fm = FileManager.default
        #expect(fm.contents(atPath: out + "/Containerfile") == Data("FROM scratch\n".utf8))
        #expect(fm.isExecutableFile(atPath: out + "/bin/run.sh"))
        #expect(!fm.isExecutableFile(atPath: out + "/Containerfile"))
        #expect(try fm.destinationOfSymbolicLink(atPath: out + "/run") == "bin/run.sh")
        #expect(!fm.fileExists(atPath: out + "/state.yaml"))
        #expect(!fm.fileExists(atPath: out + "/evidence"))
        // Nothing was written to the repository: `git status` is clean and no new object appeared.
        #expect(try sandbox.porcelain().isEmpty)
    }
}
