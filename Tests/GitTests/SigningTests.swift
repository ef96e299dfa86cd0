import Foundation
import TestSupport
import Testing

@testable import Git

private let sshKeygen = "/usr/bin/ssh-keygen"

@Suite("signed transitions", .blocking, .enabled(if: FileManager.default.isExecutableFile(atPath: sshKeygen)))
struct SigningTests {
    @Test func sshSignedCommitVerifiesWithGit() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let keys = sandbox.root + "/.keys"
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        try sandbox.write(".gitignore", ".keys/\n")
        try sandbox.commit([".gitignore": ".keys/\n"], message: "initial")
        let key = keys + "/id_ed25519"
        let made = try sandbox.run(sshKeygen, ["-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", key])
        #expect(made.status == 0, "\(made.stderr)")
        let publicKey = try String(contentsOfFile: key + ".pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try Data("test@example.com namespaces=\"git\" \(publicKey)\n".utf8).write(
            to: URL(fileURLWithPath: keys + "/allowed"))
        try sandbox.git("config", "gpg.format", "ssh")
        try sandbox.git("config", "user.signingkey", key)
        try sandbox.git("config", "gpg.ssh.allowedSignersFile", keys + "/allowed")

        var signedBuffer = ""
        var producedSignature = ""
        let sign: (String) throws -> String = { buffer in
            signedBuffer = buffer
            let payload = keys + "/payload"
            try Data(buffer.utf8).write(to: URL(fileURLWithPath: payload))
            let result = try sandbox.run(sshKeygen, ["-Y", "sign", "-n", "git", "-f", key, payload])
            guard result.status == 0 else { throw GitError.signingFailed(program: sshKeygen, message: result.stderr) }
            producedSignature = try String(contentsOfFile: payload + ".sig", encoding: .utf8)
            try? FileManager.default.removeItem(atPath: payload + ".sig")
            return producedSignature
        }
        let repo = try Repository.discover(startingAt: sandbox.root)
        let id = try repo.writeTransition(
            TransitionRequest(
                files: ["services/mail/state.yaml": Data("phase: planning\n".utf8)],
                message: "gate(mail): none -> planning\n\nGate-Service: mail", sign: sign))

        let verify = try sandbox.run("git", ["verify-commit", "-v", id.hex])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stderr.contains("Good \"git\" signature"))
        try sandbox.git("fsck", "--strict", "--no-progress")
        #expect(try sandbox.porcelain().isEmpty)

        let extracted = try #require(try repo.extractSignature(of: id))
        #expect(extracted.signedData == signedBuffer)
        #expect(
            extracted.signature.trimmingCharacters(in: .whitespacesAndNewlines)
                == producedSignature.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(try repo.extractSignature(of: repo.resolveCommit("HEAD~1")) == nil)
    }

    @Test func failingSignerLeavesTheBranchAlone() throws {
        let sandbox = try GitSandbox()
        defer { sandbox.remove() }
        let tip = try sandbox.commit(["a.txt": "a\n"], message: "a")
        let repo = try Repository.discover(startingAt: sandbox.root)
        struct Refused: Error {}
        #expect(throws: GitError.self) {
            try repo.writeTransition(
                TransitionRequest(files: ["b.txt": Data()], message: "x", sign: { _ in throw Refused() }))
        }
        #expect(try sandbox.git("rev-parse", "HEAD") == tip)
        #expect(sandbox.read("b.txt") == nil)
    }
}
