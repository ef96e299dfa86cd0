import CLibGit2
import Foundation

/// An open non-bare git repository; one instance per thread, all access through libgit2.
package final class Repository {
    let handle: Handle
    /// Absolute path of the work tree, without a trailing slash.
    package let workdir: String
    /// Absolute path of the repository's git directory (`.git`, or a worktree's own git dir), without a trailing slash.
    package let gitDir: String
    /// The git directory shared by all worktrees, where branch refs and our lock files live.
    package let commonDir: String
    /// Test hook run before each compare-and-swap of the branch ref, so tests can move the branch in between.
    var beforeReferenceUpdate: ((Int) throws -> Void)?

    /// Finds the repository containing `path` (like `git rev-parse --show-toplevel`) and opens it; bare ones are refused.
    package static func discover(startingAt path: String) throws -> Repository {
        LibGit2.ensureInitialized()
        var found = git_buf()
        let rc = git_repository_discover(&found, path, 0, nil)
        if isCode(rc, GIT_ENOTFOUND) {
            git_buf_dispose(&found)
            throw GitError.notARepository(path: path)
        }
        try check(rc, "git_repository_discover")
        let gitPath = takeBuffer(&found)
        return try Repository(openingGitDir: gitPath, requestedPath: path)
    }

    private init(openingGitDir gitPath: String, requestedPath: String) throws {
        let handle = try Handle("git_repository_open", free: git_repository_free) { git_repository_open(&$0, gitPath) }
        let (bare, workdir, gitDir, commonDir) = handle.use { repo in
            (
                git_repository_is_bare(repo) == 1,
                copyString(git_repository_workdir(repo)),
                copyString(git_repository_path(repo)),
                copyString(git_repository_commondir(repo))
            )
        }
        guard !bare, let workdir else {
            throw GitError.bareRepository(path: gitDir.map(Self.trimSlash) ?? requestedPath)
        }
        self.handle = handle
        self.workdir = Self.trimSlash(workdir)
        self.gitDir = Self.trimSlash(gitDir ?? gitPath)
        self.commonDir = Self.trimSlash(commonDir ?? gitDir ?? gitPath)
    }

    private static func trimSlash(_ path: String) -> String {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }

    /// Where HEAD points: an unborn branch, a branch with its tip commit, or a detached commit.
    package func head() throws -> Head {
        try handle.use { repo in
            let headRef = try Handle("git_reference_lookup", free: git_reference_free) {
                git_reference_lookup(&$0, repo, "HEAD")
            }
            let symbolic: String? = headRef.use { ref in
                git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC ? copyString(git_reference_symbolic_target(ref)) : nil
            }
            guard let branch = symbolic else {
                let resolved = try Handle("git_reference_resolve", free: git_reference_free) { out in
                    headRef.use { git_reference_resolve(&out, $0) }
                }
                guard let id = resolved.use({ OID(git_reference_target($0)) }) else {
                    throw GitError.libgit2(function: "git_reference_target", code: -1, message: "HEAD has no target")
                }
                return .detached(id)
            }
            guard let tip = try referenceTarget(branch) else { return .unborn(ref: branch) }
            return .branch(ref: branch, commit: tip)
        }
    }

    /// The commit a direct reference resolves to, or nil when the reference does not exist.
    func referenceTarget(_ name: String) throws -> OID? {
        try handle.use { repo in
            var out = git_oid()
            let rc = git_reference_name_to_id(&out, repo, name)
            if isCode(rc, GIT_ENOTFOUND) { return nil }
            try check(rc, "git_reference_name_to_id")
            return OID(out)
        }
    }

    /// Resolves any revision expression (`HEAD~2`, a branch, a tag, an abbreviated id) to a commit id.
    package func resolveCommit(_ revision: String) throws -> OID {
        try handle.use { repo in
            var object: OpaquePointer?
            let rc = git_revparse_single(&object, repo, revision)
            if isCode(rc, GIT_ENOTFOUND) || isCode(rc, GIT_EAMBIGUOUS) || isCode(rc, GIT_EINVALIDSPEC) {
                throw GitError.invalidRevision(revision)
            }
            try check(rc, "git_revparse_single")
            guard let object else { throw GitError.invalidRevision(revision) }
            let owned = Handle(object, free: git_object_free)
            var peeled: OpaquePointer?
            let peelRC = owned.use { git_object_peel(&peeled, $0, GIT_OBJECT_COMMIT) }
            guard peelRC >= 0, let peeled else {
                if peelRC < 0 && !isCode(peelRC, GIT_EPEEL) && !isCode(peelRC, GIT_EINVALIDSPEC)
                    && !isCode(peelRC, GIT_ENOTFOUND)
                {
                    throw lastError(peelRC, "git_object_peel")
                }
                throw GitError.invalidRevision(revision)
            }
            let commit = Handle(peeled, free: git_object_free)
            guard let id = commit.use({ OID(git_object_id($0)) }) else { throw GitError.invalidRevision(revision) }
            return id
        }
    }
}

/// Where HEAD points, which decides whether and where a transition can be committed.
package enum Head: Equatable, Sendable {
    case unborn(ref: String)
    case branch(ref: String, commit: OID)
    case detached(OID)

    /// The commit HEAD resolves to, nil on an unborn branch.
    package var commit: OID? {
        switch self {
        case .unborn: return nil
        case .branch(_, let commit): return commit
        case .detached(let commit): return commit
        }
    }
}
