import Foundation
import TestSupport
import Testing

@testable import Git

/// Work-tree reads and writes never follow a symbolic link (issue 10, part 3): the transition writer refuses a
/// link on a written path before committing anything, and `ConfinedFiles` refuses links anywhere on a path.
@Suite(.blocking) struct ConfinedFilesTests {
    static func outside() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("confined-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("outside\n".utf8).write(to: URL(fileURLWithPath: dir + "/file.txt"))
        return dir
    }

    static func listing(_ dir: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    @Test func transitionThroughALinkedFolderWritesNothingAnywhere() throws {
        let sandbox = try GitSandbox()
        let target = try Self.outside()
        defer { sandbox.remove(); try? FileManager.default.removeItem(atPath: target) }
        let base = try sandbox.commit(["services/mail/state.yaml": "phase: planning\n"], message: "initial")
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.root + "/services/mail/evidence", withDestinationPath: target)
        let repo = try Repository.discover(startingAt: sandbox.root)
        #expect(
            throws: WorkTreePathError.symlink(
                path: "services/mail/evidence", target: target,
                requested: "services/mail/evidence/1-planning.json")
        ) {
            try repo.writeTransition(
                TransitionRequest(
                    files: [
                        "services/mail/state.yaml": Data("phase: isolation\n".utf8),
                        "services/mail/evidence/1-planning.json": Data("{}\n".utf8),
                    ],
                    message: "gate(mail): planning -> isolation\n\nGate-Service: mail\n"))
        }
        #expect(try sandbox.git("rev-parse", "HEAD") == base)
        #expect(sandbox.read("services/mail/state.yaml") == "phase: planning\n")
        #expect(Self.listing(target) == ["file.txt"])
    }

    @Test func linksAreRefusedOnEveryPartOfAPath() throws {
        let sandbox = try GitSandbox()
        let target = try Self.outside()
        defer { sandbox.remove(); try? FileManager.default.removeItem(atPath: target) }
        try sandbox.write("services/a/plain.txt", "inside\n")
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.root + "/services/a/file.txt", withDestinationPath: target + "/file.txt")
        try FileManager.default.createSymbolicLink(atPath: sandbox.root + "/services/b", withDestinationPath: target)
        let files = ConfinedFiles(root: sandbox.root)
        #expect(try files.read("services/a/plain.txt") == Data("inside\n".utf8))
        #expect(try files.read("services/a/missing.txt") == nil)
        #expect(try files.read("services/missing/x.txt") == nil)
        #expect(throws: WorkTreePathError.self) { try files.read("services/a/file.txt") }
        #expect(throws: WorkTreePathError.self) { try files.read("services/b/file.txt") }
        #expect(throws: WorkTreePathError.self) { try files.kind("services/b") }
        #expect(throws: WorkTreePathError.self) { try files.list("services/b") }
        #expect(throws: WorkTreePathError.self) { try files.write(Data("x".utf8), to: "services/b/new.txt") }
        #expect(throws: WorkTreePathError.self) { try files.write(Data("x".utf8), to: "services/a/file.txt") }
        #expect(try files.list("services") == ["a", "b"])
        try files.write(Data("new\n".utf8), to: "services/c/d/new.txt")
        #expect(sandbox.read("services/c/d/new.txt") == "new\n")
        #expect(Self.listing(target) == ["file.txt"])
        #expect(FileManager.default.contents(atPath: target + "/file.txt") == Data("outside\n".utf8))
    }

    @Test func committedLinksAreRefusedWhenReadFromACommit() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.write("services/a/service.yaml", "name: a\n")
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.root + "/services/a/state.yaml", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: sandbox.root + "/services/evil", withDestinationPath: "/etc")
        try sandbox.git("add", "-A")
        try sandbox.git("commit", "-qm", "links")
        let repo = try Repository.discover(startingAt: sandbox.root)
        let head = try #require(try repo.head().commit)
        #expect(try repo.confinedBlobID(at: "services/a/service.yaml", in: head) != nil)
        #expect(try repo.confinedBlobID(at: "services/a/missing", in: head) == nil)
        #expect(
            throws: WorkTreePathError.symlink(
                path: "services/a/state.yaml", target: "/etc/passwd", requested: "services/a/state.yaml")
        ) {
            try repo.confinedBlobID(at: "services/a/state.yaml", in: head)
        }
        #expect(
            throws: WorkTreePathError.symlink(path: "services/evil", target: "/etc", requested: "services/evil/passwd")
        ) {
            try repo.confinedBlobID(at: "services/evil/passwd", in: head)
        }
        #expect(throws: WorkTreePathError.self) { try repo.confinedEntryNames(at: "services/evil", in: head) }
    }

    /// The size bound on the tool's own files is checked before a byte is read: from the file's size in the work
    /// tree, from the object header in history (a packed or loose blob alike), at the limit exactly still read.
    @Test func filesPastTheLimitAreRefusedUnreadAtTheLimitRead() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let commit = try sandbox.commit(["services/a/state.yaml": "phase: planning\n"], message: "a")
        let repo = try Repository.discover(startingAt: sandbox.root)
        let files = ConfinedFiles(root: sandbox.root)
        #expect(try files.read("services/a/state.yaml", limit: 16) == Data("phase: planning\n".utf8))
        #expect(throws: GitError.fileTooLarge(path: "services/a/state.yaml", bytes: 16, limit: 15)) {
            try files.read("services/a/state.yaml", limit: 15)
        }
        let blob = try #require(try repo.blobID(at: "services/a/state.yaml", in: try OID(hex: commit)))
        #expect(try repo.blobData(blob, path: "state", limit: 16).count == 16)
        #expect(throws: GitError.fileTooLarge(path: "state", bytes: 16, limit: 15)) {
            try repo.blobData(blob, path: "state", limit: 15)
        }
        try sandbox.git("gc", "-q")
        #expect(throws: GitError.fileTooLarge(path: "state", bytes: 16, limit: 15)) {
            try repo.blobData(blob, path: "state", limit: 15)
        }
    }
}
