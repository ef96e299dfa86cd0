import CLibGit2

extension Repository {
    /// Turns libgit2's re-hashing of every object it reads on or off, process-wide.
    ///
    /// Audits of long histories turn it off: the objects were hashed when written, and `git fsck`
    /// remains the tool for checking a repository's integrity.
    package static func setStrictHashVerification(_ enabled: Bool) throws {
        LibGit2.ensureInitialized()
        try check(podserve_git_set_strict_hash_verification(enabled ? 1 : 0), "git_libgit2_opts")
    }

    /// Turns libgit2's object cache on or off, process-wide.
    ///
    /// A walk that reads every commit once gains nothing from the cache but pays for filling it and, when the
    /// repository is freed, for emptying it; audits of long histories turn it off for the walk.
    package static func setObjectCaching(_ enabled: Bool) throws {
        LibGit2.ensureInitialized()
        try check(podserve_git_set_caching(enabled ? 1 : 0), "git_libgit2_opts")
    }
}

extension Repository {
    /// libgit2's default for the largest tree it keeps in its object cache.
    package static let defaultTreeCacheLimit = 4096

    /// Sets the largest tree (in bytes) libgit2 keeps in its object cache, process-wide.
    ///
    /// A `services/` tree of a few hundred services is larger than the default, so every path lookup through it
    /// would read and parse it again; audits raise the limit while they inspect commits.
    package static func setTreeCacheLimit(_ bytes: Int) throws {
        LibGit2.ensureInitialized()
        try check(podserve_git_set_cache_object_limit(GIT_OBJECT_TREE, bytes), "git_libgit2_opts")
    }
}
