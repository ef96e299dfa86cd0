import Foundation
import TestSupport
import Testing

@testable import Git

@Suite("linked worktrees and error messages", .blocking)
struct WorktreeAndMessagesTests {
    @Test func transitionInALinkedWorktreeUsesItsOwnIndexAndTheSharedLock() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let base = try sandbox.commit(["README.md": "hi\n"], message: "initial")
        let linked = sandbox.root + "-wt"
        defer { try? FileManager.default.removeItem(atPath: linked) }
        try sandbox.git("worktree", "add", "-q", "-b", "feature", linked)

        let repo = try Repository.discover(startingAt: linked)
        #expect(repo.workdir == linked)
        #expect(repo.commonDir == sandbox.root + "/.git")
        #expect(repo.transitionLockPath == sandbox.root + "/.git/podserve-gate.lock")
        let id = try repo.writeTransition(TransitionRequest(files: ["a.txt": Data("a\n".utf8)], message: "gate: a"))

        #expect(try sandbox.git("rev-parse", "feature") == id.hex)
        #expect(try sandbox.git("rev-parse", "main") == base)
        #expect(try sandbox.porcelain().isEmpty)
        #expect(try sandbox.run("git", ["status", "--porcelain"], in: linked).stdout.isEmpty)
        #expect(FileManager.default.fileExists(atPath: sandbox.root + "/a.txt") == false)
        #expect(FileManager.default.fileExists(atPath: linked + "/a.txt"))
    }

    @Test func signedFirstCommitOnUnbornBranch() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let repo = try Repository.discover(startingAt: sandbox.root)
        var seen = ""
        let id = try repo.writeTransition(
            TransitionRequest(
                files: ["a.txt": Data("a\n".utf8)], message: "gate: first",
                sign: { buffer in
                    seen = buffer
                    return "-----BEGIN FAKE SIGNATURE-----\nabc\n-----END FAKE SIGNATURE-----\n"
                }))
        #expect(seen.hasPrefix("tree ") && !seen.contains("parent "))
        let extracted = try #require(try repo.extractSignature(of: id))
        #expect(extracted.signedData == seen)
        #expect(extracted.signature.hasSuffix("-----END FAKE SIGNATURE-----"))
        try sandbox.git("fsck", "--strict", "--no-progress")
    }

    @Test func errorMessagesNameTheThingAndTheFix() throws {
        #expect(
            GitError.notARepository(path: "/x").errorDescription == "not a git repository: /x (run `git init` first)")
        #expect(
            GitError.busy(lockPath: "/r/.git/podserve-gate.lock").errorDescription?.contains(
                "/r/.git/podserve-gate.lock") == true)
        #expect(
            GitError.conflict(ref: "refs/heads/main", paths: ["services/mail/state.yaml"]).errorDescription?
                .contains("services/mail/state.yaml") == true)
        #expect(
            GitError.noIdentity(missing: ["user.name", "user.email"]).errorDescription?
                .contains("git config --global user.name \"Your Name\"") == true)
        #expect(
            GitError.libgit2(function: "git_index_write", code: -14, message: "locked").errorDescription?
                .contains("git_index_write") == true)
        #expect(throws: GitError.invalidRevision("abc")) { try OID(hex: "abc") }
        #expect(try OID(hex: String(repeating: "A", count: 40)).hex == String(repeating: "a", count: 40))
    }
}

@Suite("blob hashing", .blocking)
struct BlobHashTests {
    @Test func hashBlobMatchesGitHashObjectAndTheCommittedBlob() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let data = Data("{\"status\":\"pass\"}\n".utf8)
        let predicted = try Repository.hashBlob(data)
        try sandbox.write("e.json", String(decoding: data, as: UTF8.self))
        #expect(try sandbox.git("hash-object", "e.json") == predicted.hex)
        #expect(try Repository.hashBlob(Data()).hex == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
        let repo = try Repository.discover(startingAt: sandbox.root)
        let id = try repo.writeTransition(TransitionRequest(files: ["e.json": data], message: "gate: e"))
        #expect(try repo.blobID(at: "e.json", in: id) == predicted)
        #expect(try repo.blobData(predicted) == data)
    }
}
