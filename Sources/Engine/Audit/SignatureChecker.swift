import Foundation
import Git
import Support

/// Checks commit signatures the way `git verify-commit` does: SSH ones with `ssh-keygen -Y` against an
/// allowed-signers file, OpenPGP ones with `gpg --verify` against the keyring (`GNUPGHOME`).
///
/// Signatures are read with libgit2 (`git_commit_extract_signature`); only checking runs a program.
/// Verdicts are cached per commit, so history and verify can share one checker.
package final class SignatureChecker {
    package let repo: Repository
    let runner: ProcessRunner
    /// The allowed-signers file used for SSH signatures; nil when none is configured.
    package let allowedSigners: String?
    let gpgProgram: String
    let sshProgram: String
    private var cache: [OID: SignatureVerdict] = [:]
    private lazy var scratch: String = {
        let dir = NSTemporaryDirectory() + "podserve-gate-sig-\(getpid())-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()
    private var scratchUsed = false

    /// A checker for `repo`; `allowedSigners` overrides `gpg.ssh.allowedSignersFile` and must be readable.
    package init(repo: Repository, runner: ProcessRunner, allowedSigners: String? = nil) throws {
        self.repo = repo
        self.runner = runner
        let configured = allowedSigners ?? repo.configString("gpg.ssh.allowedSignersFile")
        if let configured {
            let path = Self.resolve(configured, relativeTo: repo.workdir)
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw AuditError.allowedSignersUnreadable(path: path)
            }
            self.allowedSigners = path
        } else {
            self.allowedSigners = nil
        }
        gpgProgram = repo.configString("gpg.openpgp.program") ?? repo.configString("gpg.program") ?? "gpg"
        sshProgram = repo.configString("gpg.ssh.program") ?? "ssh-keygen"
    }

    deinit {
        if scratchUsed { try? FileManager.default.removeItem(atPath: scratch) }
    }

    /// `signed` or `unsigned` from the commit object alone, without running any program.
    package func presence(of commit: OID) throws -> SignatureStatus {
        try repo.extractSignature(of: commit) == nil ? .unsigned : .signed
    }

    /// Checks the commit's signature; `unsigned` when it has none.
    package func verify(_ commit: OID) throws -> SignatureVerdict {
        if let cached = cache[commit] { return cached }
        let verdict: SignatureVerdict
        if let (signature, data) = try repo.extractSignature(of: commit) {
            verdict = try check(signature: signature, signedData: data)
        } else {
            verdict = SignatureVerdict(status: .unsigned, detail: "the commit carries no signature")
        }
        cache[commit] = verdict
        return verdict
    }

    /// Checks an armored signature over `signedData`, choosing the program from the armor header.
    package func check(signature: String, signedData: String) throws -> SignatureVerdict {
        if signature.contains("-----BEGIN SSH SIGNATURE-----") {
            return try checkSSH(signature: signature, signedData: signedData)
        }
        if signature.contains("-----BEGIN PGP SIGNATURE-----") {
            return try checkOpenPGP(signature: signature, signedData: signedData)
        }
        return SignatureVerdict(status: .bad, detail: "unsupported signature format (neither SSH nor OpenPGP armor)")
    }

    private func checkSSH(signature: String, signedData: String) throws -> SignatureVerdict {
        guard let allowed = allowedSigners else {
            return SignatureVerdict(
                status: .unknownSigner,
                detail:
                    "SSH signature, but no allowed-signers file (pass --allowed-signers or set gpg.ssh.allowedSignersFile)"
            )
        }
        let sigFile = try writeScratch(signature + "\n")
        defer { try? FileManager.default.removeItem(atPath: sigFile) }
        let find = try runner.run(
            ProcessSpec(sshProgram, ["-Y", "find-principals", "-s", sigFile, "-f", allowed], timeout: 30))
        let principals = find.stdoutText.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard find.succeeded, !principals.isEmpty else {
            let fingerprint = try? sshFingerprint(sigFile)
            return SignatureVerdict(
                status: .unknownSigner, key: fingerprint,
                detail: "signed by SSH key \(fingerprint ?? "(unknown)") that is not in \(allowed)")
        }
        var lastOutput = ""
        for principal in principals {
            let result = try runner.run(
                ProcessSpec(
                    sshProgram, ["-Y", "verify", "-f", allowed, "-I", principal, "-n", "git", "-s", sigFile],
                    timeout: 30, standardInput: Data(signedData.utf8)))
            let output = (result.stdoutText + result.stderrText).trimmingCharacters(in: .whitespacesAndNewlines)
            if result.succeeded {
                let key =
                    output.range(of: "SHA256:").map {
                        String(output[$0.lowerBound...]).split(separator: " ").first.map(String.init)
                    } ?? nil
                return SignatureVerdict(status: .good, signer: principal, key: key, detail: output)
            }
            lastOutput = output
        }
        return SignatureVerdict(
            status: .bad, signer: principals.first,
            detail: "SSH signature of \(principals.joined(separator: ", ")) does not verify: \(lastOutput.prefix(300))")
    }

    /// The `SHA256:` fingerprint of the key inside an SSH signature, for messages.
    private func sshFingerprint(_ sigFile: String) throws -> String? {
        let result = try runner.run(
            ProcessSpec(
                sshProgram, ["-Y", "check-novalidate", "-n", "git", "-s", sigFile],
                timeout: 30, standardInput: Data()))
        let text = result.stdoutText + result.stderrText
        guard let range = text.range(of: "SHA256:") else { return nil }
        return text[range.lowerBound...].split(whereSeparator: { $0 == " " || $0.isNewline }).first.map(String.init)
    }

    private func checkOpenPGP(signature: String, signedData: String) throws -> SignatureVerdict {
        let sigFile = try writeScratch(signature + "\n")
        defer { try? FileManager.default.removeItem(atPath: sigFile) }
        let result = try runner.run(
            ProcessSpec(
                gpgProgram, ["--batch", "--no-tty", "--status-fd=1", "--verify", sigFile, "-"],
                timeout: 60, standardInput: Data(signedData.utf8)))
        return Self.openPGPVerdict(status: result.stdoutText, stderr: result.stderrText)
    }

    /// Reads gpg's `--status-fd` lines: GOODSIG/VALIDSIG good; BADSIG, EXPKEYSIG, REVKEYSIG bad; NO_PUBKEY unknown.
    static func openPGPVerdict(status: String, stderr: String) -> SignatureVerdict {
        var words: [String: [String]] = [:]
        for line in status.split(whereSeparator: \.isNewline) where line.hasPrefix("[GNUPG:] ") {
            let parts = line.dropFirst(9).split(separator: " ", maxSplits: 2).map(String.init)
            if let key = parts.first { words[key] = Array(parts.dropFirst()) }
        }
        func uid(_ key: String) -> String? { words[key].flatMap { $0.count > 1 ? $0[1] : nil } }
        let fingerprint = words["VALIDSIG"]?.first
        if let bad = words["BADSIG"] {
            return SignatureVerdict(status: .bad, signer: uid("BADSIG"), key: bad.first, detail: "gpg: BAD signature")
        }
        if words["EXPKEYSIG"] != nil || words["REVKEYSIG"] != nil {
            let which = words["EXPKEYSIG"] != nil ? "EXPKEYSIG" : "REVKEYSIG"
            return SignatureVerdict(
                status: .bad, signer: uid(which), key: words[which]?.first,
                detail: which == "EXPKEYSIG" ? "signed with an expired key" : "signed with a revoked key")
        }
        if words["GOODSIG"] != nil, fingerprint != nil {
            return SignatureVerdict(
                status: .good, signer: uid("GOODSIG"), key: fingerprint, detail: "gpg: Good signature")
        }
        if let missing = words["NO_PUBKEY"] ?? words["ERRSIG"] {
            return SignatureVerdict(
                status: .unknownSigner, key: missing.first,
                detail: "signed by OpenPGP key \(missing.first ?? "?") that is not in the keyring")
        }
        let excerpt = stderr.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)
        return SignatureVerdict(status: .bad, detail: "gpg could not verify the signature: \(excerpt)")
    }

    private func writeScratch(_ text: String) throws -> String {
        scratchUsed = true
        let path = scratch + "/\(UUID().uuidString).sig"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    static func resolve(_ path: String, relativeTo root: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : root + "/" + expanded
    }
}
