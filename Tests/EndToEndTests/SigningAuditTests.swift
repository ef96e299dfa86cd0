import Foundation
import TestSupport
import Testing

/// Signed transitions: git accepts the tool's SSH and OpenPGP signatures, and `verify --require-signatures`
/// tells good, unsigned, foreign and broken signatures apart.
@Suite(.blocking) struct SigningAuditTests {
    /// A scratch folder outside the work tree for keys, allowed-signers files and GNUPGHOMEs.
    final class Keys {
        let dir: String
        init() throws {
            dir =
                FileManager.default.temporaryDirectory.appendingPathComponent(
                    "audit-keys-\(UUID().uuidString.prefix(8))"
                )
                .resolvingSymlinksInPath().path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        func remove() { try? FileManager.default.removeItem(atPath: dir) }

        /// Generates an ed25519 key without passphrase; returns the private key's path.
        func ssh(_ name: String, in ws: GitSandbox) throws -> String {
            let path = dir + "/" + name
            let result = try ws.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path])
            guard result.status == 0 else { throw AuditTestFailure(command: ["ssh-keygen"], result: result) }
            return path
        }

        func publicKey(_ path: String) throws -> String {
            try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// dns created in a workspace whose git config signs every commit with an SSH key listed as allowed.
    static func sshWorkspace(_ keys: Keys) throws -> GitSandbox {
        let ws = try GitSandbox.workspace()
        let key = try keys.ssh("alice", in: ws)
        let allowed = keys.dir + "/allowed_signers"
        try "test@example.com namespaces=\"git\" \(try keys.publicKey(key))\n".write(
            toFile: allowed, atomically: true, encoding: .utf8)
        try ws.git("config", "gpg.format", "ssh")
        try ws.git("config", "user.signingkey", key)
        try ws.git("config", "gpg.ssh.allowedSignersFile", allowed)
        try ws.git("config", "commit.gpgsign", "true")
        try ws.expectGate(["new", "dns"])
        return ws
    }

    @Test func sshSignedTransitionsAreAcceptedByGitAndVerify() throws {
        let keys = try Keys()
        defer { keys.remove() }
        let ws = try Self.sshWorkspace(keys)
        defer { ws.remove() }
        try ws.preparePlanning("dns")
        try ws.expectGate(["advance", "dns"])
        for rev in ["HEAD", "HEAD~2"] {
            let check = try ws.run("git", ["verify-commit", rev])
            #expect(check.status == 0, "\(rev): \(check.stderr)")
            #expect(check.stderr.contains("Good \"git\" signature for test@example.com"))
        }
        #expect(try ws.git("log", "-1", "--format=%G?") == "G")
        let verify = try ws.gate("verify", "--require-signatures")
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(try ws.gate("history").stdout.contains("signed"))
        let checked = try ws.gate("history", "--signatures")
        #expect(checked.stdout.contains("good (test@example.com)"), "\(checked.stdout)\(checked.stderr)")
    }

    @Test func unsignedTransitionUnderRequireSignaturesIsUnsigned() throws {
        let keys = try Keys()
        defer { keys.remove() }
        let ws = try Self.sshWorkspace(keys)
        defer { ws.remove() }
        try ws.preparePlanning("dns")
        try ws.expectGate(["advance", "dns", "--no-sign"])
        #expect(try ws.gate("verify").status == 0)
        let result = try ws.gate("verify", "--require-signatures")
        #expect(result.status == 1)
        #expect(result.stdout.contains("unsigned"), "\(result.stdout)")
        #expect(result.stdout.contains("planning -> isolation is not signed"))
    }

    @Test func foreignKeyIsUnknownSigner() throws {
        let keys = try Keys()
        defer { keys.remove() }
        let ws = try Self.sshWorkspace(keys)
        defer { ws.remove() }
        let mallory = try keys.ssh("mallory", in: ws)
        try ws.git("config", "user.signingkey", mallory)
        try ws.expectGate(["new", "mail"])
        let result = try ws.gate("verify", "--require-signatures", "--format", "json")
        #expect(result.status == 1)
        #expect(result.stdout.contains("\"rule\" : \"unknown-signer\""), "\(result.stdout)")
        #expect(result.stdout.contains("\"service\" : \"mail\""))
        #expect(!result.stdout.contains("\"service\" : \"dns\""))
    }

    @Test func alteredSignedCommitIsBadSignature() throws {
        let keys = try Keys()
        defer { keys.remove() }
        let ws = try Self.sshWorkspace(keys)
        defer { ws.remove() }
        let raw = try ws.git("cat-file", "commit", "HEAD") + "\n"
        #expect(raw.contains("gpgsig -----BEGIN SSH SIGNATURE-----"))
        let forged = raw.replacingOccurrences(of: "Create service dns", with: "Create service DNS")
        let id = try ws.git(["hash-object", "-t", "commit", "-w", "--stdin"], input: forged)
        let result = try ws.gate("verify", "--require-signatures", "--ref", id)
        #expect(result.status == 1)
        #expect(result.stdout.contains("bad-signature"), "\(result.stdout)\(result.stderr)")
        #expect(try ws.run("git", ["verify-commit", id]).status != 0)
    }

    @Test func missingAllowedSignersFileIsBadInput() throws {
        let keys = try Keys()
        defer { keys.remove() }
        let ws = try Self.sshWorkspace(keys)
        defer { ws.remove() }
        let result = try ws.gate("verify", "--require-signatures", "--allowed-signers", keys.dir + "/nope")
        #expect(result.status == 2)
        #expect(result.stderr.contains("allowed-signers"))
    }

    @Test func gpgSignedTransitionsAreAcceptedByGitAndVerify() throws {
        let keys = try Keys()
        defer { keys.remove() }
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let home = keys.dir + "/gnupg"
        try FileManager.default.createDirectory(
            atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { _ = try? ws.run("env", ["GNUPGHOME=\(home)", "gpgconf", "--kill", "all"]) }
        let gen = try ws.run(
            "env",
            [
                "GNUPGHOME=\(home)", "gpg", "--batch", "--passphrase", "", "--quick-gen-key",
                "Test Person <test@example.com>", "default", "sign", "never",
            ])
        #expect(gen.status == 0, "\(gen.stderr)")
        let listing = try ws.run("env", ["GNUPGHOME=\(home)", "gpg", "--batch", "--with-colons", "--list-secret-keys"])
        let fingerprint = try #require(
            listing.stdout.split(separator: "\n").first { $0.hasPrefix("fpr:") }?
                .split(separator: ":", omittingEmptySubsequences: false).dropFirst(9).first.map(String.init))
        try ws.git("config", "gpg.format", "openpgp")
        try ws.git("config", "user.signingkey", fingerprint)
        let created = try ws.run("env", ["GNUPGHOME=\(home)", GateCLI.binary, "new", "dns", "--sign"])
        #expect(created.status == 0, "\(created.stderr)")
        let check = try ws.run("env", ["GNUPGHOME=\(home)", "git", "verify-commit", "HEAD"])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("Good signature from \"Test Person <test@example.com>\""))
        let verify = try ws.run("env", ["GNUPGHOME=\(home)", GateCLI.binary, "verify", "--require-signatures"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let stranger = keys.dir + "/empty-gnupg"
        try FileManager.default.createDirectory(
            atPath: stranger, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { _ = try? ws.run("env", ["GNUPGHOME=\(stranger)", "gpgconf", "--kill", "all"]) }
        let unknown = try ws.run("env", ["GNUPGHOME=\(stranger)", GateCLI.binary, "verify", "--require-signatures"])
        #expect(unknown.status == 1)
        #expect(unknown.stdout.contains("unknown-signer"), "\(unknown.stdout)\(unknown.stderr)")
    }
}

/// The shipped pull-request workflow: its signature step takes the allowed signers from the base commit, so a pull
/// request cannot admit its own key (tests/redteam/46).
@Suite(.blocking) struct PullRequestWorkflowTests {
    /// The `run:` script of the workflow step named `name`, dedented.
    static func stepScript(_ name: String) throws -> String {
        let text = try String(
            contentsOfFile: GateCLI.packageRoot + "/.github/workflows/podserve-gate.yml", encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.contains("- name: \(name)") })
        let run = try #require(lines[start...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "run: |" })
        let indent = String(repeating: " ", count: 10)
        return lines[(run + 1)...].prefix { $0.hasPrefix(indent) }.map { String($0.dropFirst(10)) }
            .joined(separator: "\n")
    }

    @Test func theWorkflowReadsAllowedSignersFromTheBaseCommitNotThePullRequest() throws {
        let script = try Self.stepScript("Signature flags")
        let ws = try GitSandbox(initialize: true)
        defer { ws.remove() }
        let base = try ws.commit([".github/allowed_signers": "red@example.org ssh-ed25519 BASEKEY\n"], message: "trust")
        _ = try ws.commit(
            [".github/allowed_signers": "red@example.org ssh-ed25519 BASEKEY\nevil@example.org ssh-ed25519 PRKEY\n"],
            message: "add my key")
        let temp = ws.root + "/.git/runner-temp"
        try FileManager.default.createDirectory(atPath: temp, withIntermediateDirectories: true)
        for required in ["1", ""] {
            let githubEnv = temp + "/env-\(required)"
            let result = try ws.run(
                "env",
                [
                    "BASE=\(base)", "REQUIRE_SIGNATURES=\(required)", "ALLOWED_SIGNERS=.github/allowed_signers",
                    "RUNNER_TEMP=\(temp)", "GITHUB_ENV=\(githubEnv)", "bash", "-c", script,
                ], in: ws.root)
            #expect(result.status == 0, "\(result.stderr)")
            let flags = try String(contentsOfFile: githubEnv, encoding: .utf8)
            if required.isEmpty {
                #expect(flags == "VERIFY_FLAGS=\n")
            } else {
                #expect(flags == "VERIFY_FLAGS=--require-signatures --allowed-signers \(temp)/allowed_signers\n")
                let used = try String(contentsOfFile: temp + "/allowed_signers", encoding: .utf8)
                #expect(used == "red@example.org ssh-ed25519 BASEKEY\n", "the pull request's file was used: \(used)")
            }
        }
    }
}
