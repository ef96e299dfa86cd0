import Foundation
import Support

/// Everything the Git module can fail with, each case carrying the path, ref or call needed to fix it.
package enum GitError: Error, LocalizedError, Equatable {
    case notARepository(path: String)
    case bareRepository(path: String)
    case detachedHead(commit: String)
    case noIdentity(missing: [String])
    case busy(lockPath: String)
    case conflict(ref: String, paths: [String])
    case signingFailed(program: String, message: String)
    case libgit2(function: String, code: Int32, message: String)
    case invalidRevision(String)
    /// A transition path that is empty, absolute, escapes the work tree or points into `.git`.
    case invalidPath(String, reason: String)
    /// A work-tree or lock-file operation failed (`open`, `write`, `rename`, `flock` …).
    case fileSystem(operation: String, path: String, message: String)
    /// A git lock file (`index.lock`, `<ref>.lock` …) stayed in place past the bounded wait.
    case lockHeld(path: String, age: TimeInterval?)
    /// A shallow clone: history before the boundary commits is missing, so it cannot be audited.
    case shallowClone(boundaries: Int)
    /// A git config value that does not parse as the setting needs (a typo must not read as "unset").
    case invalidConfig(key: String, value: String, expected: String)
    /// A transition's judged inputs changed in the commits that landed while it ran.
    case inputsMoved(ref: String, paths: [String])
    /// One of the tool's own files (plan, state, checklist, gate file, evidence) past `Repository.ownFileLimit`.
    case fileTooLarge(path: String, bytes: Int, limit: Int)

    /// A sentence naming what went wrong and how to fix it, for the CLI to print as is.
    package var errorDescription: String? {
        switch self {
        case .notARepository(let path):
            return "not a git repository: \(path) (run `git init` first)"
        case .bareRepository(let path):
            return "\(path) is a bare repository; run podserve-gate in a clone with a work tree"
        case .detachedHead(let commit):
            return "HEAD is detached at \(commit.prefix(12)); check out a branch (git switch <branch>) "
                + "before running a transition"
        case .noIdentity(let missing):
            let fixes = missing.map { key in
                key == "user.name"
                    ? "git config --global user.name \"Your Name\""
                    : "git config --global \(key) \"you@example.com\""
            }
            return "no git identity: \(missing.joined(separator: " and ")) not set; run "
                + fixes.joined(separator: " and ")
        case .busy(let lockPath):
            return
                "repository busy: another podserve-gate transition holds \(lockPath)\(FileLock.holderNote(lockPath)); "
                + "wait for it to finish. It cannot be stale: the lock is an flock the kernel releases when its "
                + "process exits, so if that process is gone the next run simply takes it"
        case .conflict(let ref, let paths) where paths.isEmpty:
            return "\(ref) kept moving (or was deleted) while the transition was being written; "
                + "re-run the command when other commits have landed"
        case .conflict(let ref, let paths):
            return "\(ref) moved while the transition was being written and the new commits touch "
                + "\(paths.joined(separator: ", ")); re-run the command on the new \(ref)"
        case .signingFailed(let program, let message):
            return "signing the commit with \(program) failed: \(message) "
                + "(check user.signingkey and gpg.format, or pass --no-sign)"
        case .libgit2(let function, let code, let message):
            return "\(function) failed (libgit2 error \(code)): \(message)"
        case .invalidRevision(let revision):
            return "unknown or invalid revision: \(revision) (see `git rev-parse --verify \(revision)`)"
        case .invalidPath(let path, let reason):
            return "invalid path \"\(path)\" in transition: \(reason)"
        case .fileSystem(let operation, let path, let message):
            return "\(operation) \(path) failed: \(message) (check permissions and free space)"
        case .lockHeld(let path, let age):
            return Self.lockHeldMessage(path: path, age: age)
        case .shallowClone(let boundaries):
            return "this is a shallow clone (.git/shallow lists \(boundaries) boundary commit(s)): the history before "
                + "them is missing, so it cannot be audited; run `git fetch --unshallow` (in CI, check out the full "
                + "history, e.g. fetch-depth: 0)"
        case .invalidConfig(let key, let value, let expected):
            return "git config \(key) is \"\(value)\", not \(expected); fix it with `git config \(key) true` (or false)"
        case .inputsMoved(let ref, let paths):
            return "\(ref) moved while the gate ran and the new commits change its inputs "
                + "(\(paths.joined(separator: ", "))); the verdict is for the old inputs, so nothing was committed: "
                + "run the command again on the new \(ref)"
        case .fileTooLarge(let path, let bytes, let limit):
            return "\(path) is \(bytes) bytes, past the \(limit)-byte limit for the tool's own files (plans, states, "
                + "checklists, gate files, evidence are kilobytes): it is not read; shrink or remove it"
        }
    }
}

extension GitError: CategorizedError {
    /// A revision or path the user named is bad input; everything else is the repository or machine not ready.
    package var category: ErrorCategory {
        switch self {
        case .invalidRevision, .invalidPath, .fileTooLarge:
            return .badInput
        case .notARepository, .bareRepository, .detachedHead, .noIdentity, .busy, .conflict, .signingFailed,
            .libgit2, .fileSystem, .lockHeld, .shallowClone, .invalidConfig, .inputsMoved:
            return .environment
        }
    }
}
