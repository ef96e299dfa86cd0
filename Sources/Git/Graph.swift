import CLibGit2

extension Repository {
    /// Whether `ancestor` is in the history of `commit` (a commit is not its own descendant), so a caller
    /// can tell work done after an event from work merged in from a branch that never saw it.
    public func isDescendant(_ commit: OID, of ancestor: OID) throws -> Bool {
        var raw = commit.raw
        var base = ancestor.raw
        let rc = try handle.use { repo in try check(git_graph_descendant_of(repo, &raw, &base), "git_graph_descendant_of") }
        return rc == 1
    }
}
