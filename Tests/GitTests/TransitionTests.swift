import Foundation
import TestSupport
import Testing

@testable import Git

private func message(service: String, from: String, to: String) -> String {
    """
    gate(\(service)): \(from) -> \(to)

    All validators passed.

    Gate-Service: \(service)
    Gate-From: \(from)
    Gate-To: \(to)
    Signed-off-by: Test Person <test@example.com>
    """
}

@Suite("writeTransition", .blocking)
struct TransitionTests {
    @Test func firstCommitOnUnbornBranch() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let repo = try Repository.discover(startingAt: sandbox.root)
        #expect(try repo.head() == .unborn(ref: "refs/heads/main"))

        let id = try repo.writeTransition(
            TransitionRequest(
                files: ["services/mail/state.yaml": Data("phase: planning\n".utf8)],
                message: message(service: "mail", from: "none", to: "planning")))

        #expect(try repo.head() == .branch(ref: "refs/heads/main", commit: id))
        #expect(try sandbox.git("rev-parse", "HEAD") == id.hex)
        let info = try repo.commit(id)
        #expect(info.parents.isEmpty)
        #expect(info.summary == "gate(mail): none -> planning")
        #expect(info.author.name == "Test Person" && info.committer.email == "test@example.com")
        #expect(try sandbox.git("show", "--name-only", "--format=", "HEAD") == "services/mail/state.yaml")
        #expect(sandbox.read("services/mail/state.yaml") == "phase: planning\n")
        #expect(try sandbox.porcelain().isEmpty)
        try sandbox.git("fsck", "--strict", "--no-progress")
        #expect(try sandbox.git("reflog", "-1", "--format=%gs").contains("gate(mail): none -> planning"))
    }

    @Test func commitHoldsExactlyTheWrittenPathsAndLeavesUserChangesAlone() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let base = try sandbox.commit(
            ["README.md": "hello\n", "services/mail/state.yaml": "phase: planning\n", "tools/run.sh": "#!/bin/sh\n"],
            message: "initial")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.root + "/tools/run.sh")
        try sandbox.git("add", "tools/run.sh")
        try sandbox.git("commit", "-q", "-m", "exec bit")
        try sandbox.write("notes.txt", "staged by the user\n")
        try sandbox.git("add", "notes.txt")
        try sandbox.write("README.md", "hello, edited but not staged\n")
        try sandbox.write("scratch.txt", "untracked\n")
        let statusBefore = try sandbox.porcelain()
        #expect(statusBefore == [" M README.md", "?? scratch.txt", "A  notes.txt"].sorted())

        let repo = try Repository.discover(startingAt: sandbox.root + "/services")
        let parent = try repo.resolveCommit("HEAD")
        let files = [
            "services/mail/state.yaml": Data("phase: isolation\n".utf8),
            "services/mail/evidence/1-planning.json": Data("{\"status\":\"pass\"}\n".utf8),
            "services/mail/checklists/1-planning.md": Data("- [x] scope\n".utf8),
            "tools/run.sh": Data("#!/bin/sh\necho hi\n".utf8),
        ]
        let text = message(service: "mail", from: "planning", to: "isolation")
        let id = try repo.writeTransition(TransitionRequest(files: files, message: text))

        #expect(try repo.commit(id).parents == [parent])
        #expect(parent.hex != base)
        let changed = try sandbox.git("show", "--name-only", "--format=", "HEAD").split(separator: "\n").map(
            String.init)
        #expect(changed == files.keys.sorted())
        #expect(try repo.changedPaths(in: id) == files.keys.sorted())
        #expect(try sandbox.git("ls-tree", "HEAD", "tools/run.sh").hasPrefix("100755"))
        let permissions = try FileManager.default.attributesOfItem(atPath: sandbox.root + "/tools/run.sh")[
            .posixPermissions]
        #expect((permissions as? Int).map { $0 & 0o111 != 0 } == true)
        try sandbox.git("fsck", "--strict", "--no-progress")

        #expect(try sandbox.porcelain() == statusBefore)
        #expect(try sandbox.git("diff", "--cached", "--name-only") == "notes.txt")
        #expect(try sandbox.git("ls-tree", "-r", "--name-only", "HEAD").contains("notes.txt") == false)
        #expect(sandbox.read("services/mail/evidence/1-planning.json") == "{\"status\":\"pass\"}\n")

        let stored = try repo.commit(id).message
        #expect(stored == text + "\n")
        let parsed = try sandbox.git(["interpret-trailers", "--parse"], input: stored)
        let expected = parsed.split(separator: "\n").map { line -> Trailer in
            let parts = line.split(separator: ":", maxSplits: 1)
            return Trailer(key: String(parts[0]), value: parts[1].trimmingCharacters(in: .whitespaces))
        }
        #expect(try Repository.trailers(in: stored) == expected)
        #expect(expected.count == 4)
        #expect(
            try repo.blobID(at: "services/mail/evidence/1-planning.json", in: id)?.hex
                == sandbox.git("rev-parse", "HEAD:services/mail/evidence/1-planning.json"))
    }

    @Test func detachedHeadIsRefused() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let tip = try sandbox.commit(["a.txt": "a\n"], message: "a")
        try sandbox.git("checkout", "-q", "--detach")
        let repo = try Repository.discover(startingAt: sandbox.root)
        #expect(try repo.head() == .detached(try OID(hex: tip)))
        #expect(throws: GitError.detachedHead(commit: tip)) {
            try repo.writeTransition(TransitionRequest(files: ["b.txt": Data()], message: "x"))
        }
        let error = GitError.detachedHead(commit: tip)
        #expect(error.errorDescription?.contains("git switch") == true)
        #expect(error.errorDescription?.contains(String(tip.prefix(12))) == true)
    }

    @Test func missingIdentityIsReportedWithTheFix() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let tip = try sandbox.commit(["a.txt": "a\n"], message: "a")
        // Empty values in the repository config override any global identity, on every machine.
        try sandbox.git("config", "user.name", "")
        try sandbox.git("config", "user.email", "")
        let repo = try Repository.discover(startingAt: sandbox.root)
        #expect(throws: GitError.noIdentity(missing: ["user.name", "user.email"])) { try repo.identity() }
        #expect(throws: GitError.noIdentity(missing: ["user.name", "user.email"])) {
            try repo.writeTransition(TransitionRequest(files: ["b.txt": Data()], message: "x"))
        }
        #expect(try sandbox.git("rev-parse", "HEAD") == tip)
        try sandbox.git("config", "user.name", "Only Name")
        #expect(throws: GitError.noIdentity(missing: ["user.email"])) { try repo.identity() }
        let text = GitError.noIdentity(missing: ["user.email"]).errorDescription ?? ""
        #expect(text.contains("git config --global user.email"))
    }

    @Test func invalidPathsAreRefused() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let repo = try Repository.discover(startingAt: sandbox.root)
        for path in ["../escape", "/abs", ".git/config", ""] {
            #expect(throws: GitError.self) {
                try repo.writeTransition(TransitionRequest(files: [path: Data()], message: "x"))
            }
        }
        #expect(try repo.head() == .unborn(ref: "refs/heads/main"))
    }

    @Test func branchMovedElsewhereIsRebuiltOn() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit(["services/mail/state.yaml": "phase: planning\n"], message: "initial")
        let repo = try Repository.discover(startingAt: sandbox.root)
        var attempts: [Int] = []
        var other = ""
        repo.beforeReferenceUpdate = { attempt in
            attempts.append(attempt)
            if attempt == 0 { other = try sandbox.commit(["other.txt": "someone else\n"], message: "concurrent") }
        }
        let id = try repo.writeTransition(
            TransitionRequest(
                files: ["services/mail/state.yaml": Data("phase: isolation\n".utf8)], message: "gate(mail): moved"))
        #expect(attempts == [0, 1])
        #expect(try repo.commit(id).parents.map(\.hex) == [other])
        #expect(try sandbox.git("show", "--name-only", "--format=", "HEAD") == "services/mail/state.yaml")
        #expect(try sandbox.git("show", "HEAD:other.txt") == "someone else")
        #expect(try sandbox.porcelain().isEmpty)
        try sandbox.git("fsck", "--strict", "--no-progress")
    }

    @Test func branchMovedOnOurPathsIsAConflict() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit(["services/mail/state.yaml": "phase: planning\n"], message: "initial")
        let repo = try Repository.discover(startingAt: sandbox.root)
        var other = ""
        repo.beforeReferenceUpdate = { attempt in
            if attempt == 0 {
                other = try sandbox.commit(["services/mail/state.yaml": "phase: production\n"], message: "edit")
            }
        }
        #expect(throws: GitError.conflict(ref: "refs/heads/main", paths: ["services/mail/state.yaml"])) {
            try repo.writeTransition(
                TransitionRequest(
                    files: ["services/mail/state.yaml": Data("phase: isolation\n".utf8), "x/y.txt": Data("y\n".utf8)],
                    message: "gate(mail): conflict"))
        }
        #expect(try sandbox.git("rev-parse", "HEAD") == other)
        #expect(sandbox.read("services/mail/state.yaml") == "phase: production\n")
        #expect(sandbox.read("x/y.txt") == nil)
        #expect(try sandbox.porcelain().isEmpty)
    }

    @Test func unbornBranchCreatedMeanwhileIsRebuiltOn() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let repo = try Repository.discover(startingAt: sandbox.root)
        var other = ""
        repo.beforeReferenceUpdate = { attempt in
            if attempt == 0 { other = try sandbox.commit(["README.md": "first\n"], message: "first") }
        }
        let id = try repo.writeTransition(TransitionRequest(files: ["a.txt": Data("a\n".utf8)], message: "gate: a"))
        #expect(try repo.commit(id).parents.map(\.hex) == [other])
        #expect(try sandbox.porcelain().isEmpty)
    }

    @Test func heldLockMakesTheWriterBusy() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let repo = try Repository.discover(startingAt: sandbox.root)
        let holder = FileLock(path: repo.transitionLockPath)
        #expect(try holder.tryLock())
        #expect(throws: GitError.busy(lockPath: repo.transitionLockPath)) {
            try repo.writeTransition(TransitionRequest(files: ["a.txt": Data()], message: "x", lockTimeout: 0.2))
        }
        holder.unlock()
        _ = try repo.writeTransition(TransitionRequest(files: ["a.txt": Data()], message: "x", lockTimeout: 0.2))
    }
}
