import Foundation
import TestSupport
import Testing

@testable import Git

@Suite("reading repositories", .blocking)
struct RepositoryReadTests {
    /// A root commit A, B on main, C on a side branch from A, and a merge M of the side branch into main.
    private func history(_ sandbox: GitSandbox) throws -> (a: OID, b: OID, c: OID, m: OID) {
        let a = try sandbox.commit(
            [
                "README.md": "hi\n", "services/a/state.yaml": "phase: planning\n",
                "services/b/state.yaml": "phase: planning\n",
            ],
            message: "A")
        let b = try sandbox.commit(["services/a/state.yaml": "phase: isolation\n"], message: "B")
        try sandbox.git("switch", "-q", "-c", "side", a)
        let c = try sandbox.commit(
            ["services/b/state.yaml": "phase: isolation\n", "services/b/evidence/1.json": "{}\n"],
            message: "C\n\nGate-Service: b\nGate-Reason: a long reason\n  that continues here")
        try sandbox.git("switch", "-q", "main")
        try sandbox.git("merge", "-q", "--no-ff", "-m", "M", "side")
        let m = try sandbox.git("rev-parse", "HEAD")
        return (try OID(hex: a), try OID(hex: b), try OID(hex: c), try OID(hex: m))
    }

    @Test func discoverFromASubfolderAndRefuseNonRepositories() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.write("deep/down/file.txt", "x\n")
        let repo = try Repository.discover(startingAt: sandbox.root + "/deep/down")
        #expect(repo.workdir == sandbox.root)
        #expect(repo.gitDir == sandbox.root + "/.git")

        let plain = try GitSandbox(initialize: false)
        defer { plain.remove() }
        #expect(throws: GitError.notARepository(path: plain.root)) { try Repository.discover(startingAt: plain.root) }

        let bare = try GitSandbox(bare: true)
        defer { bare.remove() }
        #expect(throws: GitError.bareRepository(path: bare.root)) { try Repository.discover(startingAt: bare.root) }
    }

    @Test func commitsTreesAndBlobs() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let (a, b, c, m) = try history(sandbox)
        let repo = try Repository.discover(startingAt: sandbox.root)
        #expect(try repo.head() == .branch(ref: "refs/heads/main", commit: m))
        #expect(try repo.resolveCommit("HEAD~1") == b)
        #expect(try repo.resolveCommit("side") == c)
        #expect(try repo.resolveCommit(String(a.hex.prefix(10))) == a)
        #expect(throws: GitError.invalidRevision("no-such-branch")) { try repo.resolveCommit("no-such-branch") }
        let treeRevision = try sandbox.git("rev-parse", "HEAD^{tree}")
        #expect(throws: GitError.invalidRevision(treeRevision)) { try repo.resolveCommit(treeRevision) }

        let merge = try repo.commit(m)
        #expect(merge.parents == [b, c])
        #expect(merge.summary == "M")
        #expect(merge.tree.hex == treeRevision)
        #expect(merge.author.email == "test@example.com")
        #expect(abs(merge.committer.time.timeIntervalSinceNow) < 600)

        #expect(try repo.blob(at: "services/b/state.yaml", in: m) == Data("phase: isolation\n".utf8))
        #expect(try repo.blob(at: "services/b/state.yaml", in: a) == Data("phase: planning\n".utf8))
        #expect(try repo.blob(at: "services/b/evidence/1.json", in: a) == nil)
        #expect(try repo.blob(at: "services", in: m) == nil)
        #expect(try repo.blobID(at: "README.md", in: m)?.hex == sandbox.git("rev-parse", "HEAD:README.md"))
        #expect(try repo.treeID(at: "services/b", in: m)?.hex == sandbox.git("rev-parse", "HEAD:services/b"))
        #expect(try repo.treeID(at: "", in: m)?.hex == treeRevision)
        #expect(try repo.treeID(at: "README.md", in: m) == nil)
        #expect(try repo.entryNames(at: "services", in: m) == ["a", "b"])
        #expect(try repo.entryNames(at: "services/b", in: m) == ["evidence", "state.yaml"])
        #expect(try repo.entryNames(at: "nope", in: m) == [])
        #expect(try repo.entryNames(at: "", in: a) == ["README.md", "services"])
    }

    @Test func walkFollowsAllParentsInTopologicalOrder() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let (a, b, c, m) = try history(sandbox)
        let repo = try Repository.discover(startingAt: sandbox.root)
        let all = try repo.commits(from: [m])
        #expect(all.count == 4)
        #expect(all.first == m && all.last == a)
        #expect(Set(all) == [a, b, c, m])
        for (position, id) in all.enumerated() {
            for parent in try repo.commit(id).parents {
                #expect(all.firstIndex(of: parent).map { $0 > position } == true, "parents come after children")
            }
        }

        var seen: [OID] = []
        try repo.walk(from: [m], topological: false) {
            seen.append($0); return seen.count < 2
        }
        #expect(seen.count == 2)
        #expect(try repo.commits(from: [m], hiding: [b]).sorted() == [c, m].sorted())
        var oldestFirst: [OID] = []
        try repo.walk(from: [m], topological: true, reverse: true) {
            oldestFirst.append($0); return true
        }
        #expect(oldestFirst == all.reversed())
    }

    @Test func changedPathsAgainstParents() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let (a, b, c, m) = try history(sandbox)
        let repo = try Repository.discover(startingAt: sandbox.root)
        #expect(try repo.changedPaths(in: a) == ["README.md", "services/a/state.yaml", "services/b/state.yaml"])
        #expect(try repo.changedPaths(in: a, under: "services/a") == ["services/a/state.yaml"])
        #expect(try repo.changedPaths(in: b, under: "services") == ["services/a/state.yaml"])
        #expect(try repo.changedPaths(in: b, under: "services/b") == [])
        #expect(
            try repo.changedPaths(in: c, under: "services/b/") == [
                "services/b/evidence/1.json", "services/b/state.yaml",
            ])
        #expect(try repo.changedPaths(in: m) == ["services/b/evidence/1.json", "services/b/state.yaml"])
        #expect(try repo.changedPaths(in: m, comparedTo: c) == ["services/a/state.yaml"])
        #expect(try repo.changedPaths(in: m, comparedTo: nil, under: "README.md") == ["README.md"])
        #expect(try repo.changedPaths(in: m, comparedTo: a, under: "README.md") == [])
        #expect(try repo.changedPaths(in: m, comparedTo: a, under: "missing") == [])
    }

    @Test func trailersMatchGitInterpretTrailers() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let (_, _, c, _) = try history(sandbox)
        let repo = try Repository.discover(startingAt: sandbox.root)
        let message = try repo.commit(c).message
        let trailers = try Repository.trailers(in: message)
        #expect(
            trailers == [
                Trailer(key: "Gate-Service", value: "b"),
                Trailer(key: "Gate-Reason", value: "a long reason that continues here"),
            ])
        let parsed = try sandbox.git(["interpret-trailers", "--parse"], input: message)
        #expect(parsed == trailers.map { "\($0.key): \($0.value)" }.joined(separator: "\n"))
        let samples = [
            "subject only\n",
            "subject\n\nbody text\nKey: not a trailer block\n",
            "subject\n\nbody\n\nSigned-off-by: A <a@x>\nGate-To: ready\n",
            "subject\n\nGate-Service: mail\nGate-Evidence:   abc  \n",
            "subject\n\nGate-Service: mail\n\n# a comment line\n",
        ]
        for sample in samples {
            let cli = try sandbox.git(["interpret-trailers", "--parse"], input: sample)
            let ours = try Repository.trailers(in: sample).map { "\($0.key): \($0.value)" }.joined(separator: "\n")
            #expect(ours == cli, "\(sample)")
        }
    }

    @Test func configIdentityAndDirtiness() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        try sandbox.commit(["services/mail/state.yaml": "phase: planning\n", "README.md": "x\n"], message: "A")
        try sandbox.git("config", "commit.gpgsign", "yes")
        try sandbox.git("config", "gate.custom", "value")
        let repo = try Repository.discover(startingAt: sandbox.root)
        #expect(repo.configString("gate.custom") == "value")
        #expect(repo.configString("gate.missing") == nil)
        #expect(repo.configBool("commit.gpgsign") == true)
        #expect(repo.configBool("gate.custom") == nil)
        #expect(try repo.identity() == Identity(name: "Test Person", email: "test@example.com"))

        #expect(try repo.isDirty(path: "services/mail/state.yaml") == false)
        #expect(try repo.isDirty(path: "services/mail") == false)
        #expect(try repo.isDirty(path: "services/none/state.yaml") == false)
        try sandbox.write("services/mail/state.yaml", "phase: ready\n")
        #expect(try repo.isDirty(path: "services/mail/state.yaml"))
        #expect(try repo.isDirty(path: "services/mail"))
        #expect(try repo.isDirty(path: "README.md") == false)
        try sandbox.git("add", "services/mail/state.yaml")
        try sandbox.write("services/mail/state.yaml", "phase: planning\n")
        #expect(try repo.isDirty(path: "services/mail/state.yaml"), "staged change counts")
        try sandbox.git("reset", "-q")
        #expect(try repo.isDirty(path: "services/mail/state.yaml") == false)
        try sandbox.write("services/new/state.yaml", "phase: planning\n")
        #expect(try repo.isDirty(path: "services/new/state.yaml"), "untracked counts")
        #expect(try repo.isDirty(path: "services/new"))
        try FileManager.default.removeItem(atPath: sandbox.root + "/README.md")
        #expect(try repo.isDirty(path: "README.md"), "deleted counts")
    }
}
