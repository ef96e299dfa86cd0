import Foundation
import Git
import Support

#if canImport(Glibc)
    import Glibc
#endif

/// Everything a transition commit needs, checked before the first validator runs, so a gate (a one-hour soak
/// included) never passes only to find it cannot be recorded.
package struct Preflight {
    package let workspace: Workspace
    package let signMode: SignMode
    package let runner: ProcessRunner

    package init(workspace: Workspace, signMode: SignMode, runner: ProcessRunner) {
        self.workspace = workspace
        self.signMode = signMode
        self.runner = runner
    }

    /// Throws the first problem: detached HEAD or unborn branch, missing identity, unusable signing key,
    /// read-only repository, or a git lock file held past a short wait. Returns the commit HEAD names.
    @discardableResult
    package func run() throws -> OID {
        let repo = workspace.repo
        let ref: String, tip: OID
        switch try repo.head() {
        case .detached(let commit): throw GitError.detachedHead(commit: commit.hex)
        case .unborn(let name): throw EngineError.nothingCommitted(ref: name)
        case .branch(let name, let commit): (ref, tip) = (name, commit)
        }
        let identity = try repo.identity()
        if let signer = try CommitSigner.resolve(signMode, repo: repo, runner: runner) {
            // A trial signature proves the key and program work now, not after the gate.
            _ = try signer.sign("podserve-gate preflight \(tip.hex)\n", committer: identity)
        }
        for directory in [repo.gitDir, repo.commonDir + "/objects", repo.commonDir + "/refs", workspace.repo.workdir]
        where access(directory, W_OK) != 0 {
            throw GitError.fileSystem(
                operation: "write", path: directory,
                message: "the repository is not writable by this user (\(String(cString: strerror(errno))))")
        }
        try repo.waitForGitLocks(branch: ref, timeout: 2)
        return tip
    }
}
