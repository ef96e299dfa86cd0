import Foundation
import Git
import Support

/// Whether to sign: git's own config decides unless `--sign` / `--no-sign` says otherwise.
package enum SignMode: Sendable {
    case config, always, never
}

/// Signs commit buffers the way git does, with the program and key its config names.
package struct CommitSigner {
    package enum Format: String { case openpgp, ssh, x509 }
    package let format: Format
    package let program: String
    package let key: String?
    let runner: ProcessRunner

    /// The signer git's config asks for, or nil when the commit stays unsigned.
    package static func resolve(_ mode: SignMode, repo: Repository, runner: ProcessRunner) throws -> CommitSigner? {
        switch mode {
        case .never: return nil
        case .config: if try repo.strictConfigBool("commit.gpgsign") != true { return nil }
        case .always: break
        }
        let formatName = repo.configString("gpg.format") ?? "openpgp"
        guard let format = Format(rawValue: formatName) else {
            throw GitError.signingFailed(
                program: "git config", message: "gpg.format '\(formatName)' is not openpgp, ssh or x509")
        }
        let program: String
        switch format {
        case .openpgp: program = repo.configString("gpg.openpgp.program") ?? repo.configString("gpg.program") ?? "gpg"
        case .ssh: program = repo.configString("gpg.ssh.program") ?? "ssh-keygen"
        case .x509: program = repo.configString("gpg.x509.program") ?? "gpgsm"
        }
        let key = repo.configString("user.signingkey")
        if format == .ssh && (key ?? "").isEmpty {
            throw GitError.signingFailed(
                program: program,
                message:
                    "gpg.format is ssh but user.signingkey is not set; run `git config user.signingkey ~/.ssh/id_ed25519.pub`"
            )
        }
        return CommitSigner(format: format, program: program, key: key, runner: runner)
    }

    /// Returns the armored signature of `buffer`, without its trailing newline.
    package func sign(_ buffer: String, committer: Identity) throws -> String {
        let result: ProcessResult
        let keyFile = NSTemporaryDirectory() + "podserve-gate-key-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).pub"
        defer { unlink(keyFile) }  // a literal public key is written for ssh-keygen; never left behind
        do {
            result = try runner.run(try processSpec(buffer, committer: committer, keyFile: keyFile))
        } catch let error as ProcessError {
            throw GitError.signingFailed(program: program, message: error.localizedDescription)
        }
        guard result.succeeded else {
            throw GitError.signingFailed(
                program: program, message: "\(result.endDescription): \(result.excerpt(limit: 600))")
        }
        var signature = result.stdoutText
        while signature.hasSuffix("\n") { signature.removeLast() }
        guard signature.contains("-----BEGIN") else {
            throw GitError.signingFailed(
                program: program, message: "produced no armored signature: \(result.excerpt(limit: 600))")
        }
        return signature
    }

    private func processSpec(_ buffer: String, committer: Identity, keyFile file: String) throws -> ProcessSpec {
        let input = Data(buffer.utf8)
        switch format {
        case .ssh:
            var keyArgs: [String]
            let key = self.key ?? ""
            if key.hasPrefix("ssh-") || key.hasPrefix("key::") {
                // A literal public key: the private half must be in ssh-agent, as git requires.
                let literal = key.hasPrefix("key::") ? String(key.dropFirst(5)) : key
                try literal.write(toFile: file, atomically: true, encoding: .utf8)
                keyArgs = ["-U", "-f", file]
            } else {
                keyArgs = ["-f", (key as NSString).expandingTildeInPath]
            }
            return ProcessSpec(program, ["-Y", "sign", "-n", "git"] + keyArgs, timeout: 60, standardInput: input)
        case .openpgp, .x509:
            let keyID = key.flatMap { $0.isEmpty ? nil : $0 } ?? committer.signOff
            return ProcessSpec(program, ["--status-fd=2", "-bsau", keyID], timeout: 120, standardInput: input)
        }
    }
}
