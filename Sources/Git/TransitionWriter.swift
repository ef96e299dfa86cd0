import CLibGit2
import Foundation

/// What landing a transition did: its commit, and the index/work-tree update a failure left for later.
package struct TransitionLanding {
    package let commit: OID
    /// Set when the branch moved but the index or work tree could not be updated (a lock appeared, a disk
    /// error): the transition has landed; the journal stays and the next command finishes the update.
    package let deferredUpdate: Error?
}

extension Repository {
    /// Commits exactly `request.files` on top of the current branch and moves it by compare-and-swap.
    ///
    /// The tree is built from HEAD's tree, never from the index, so whatever the user staged stays
    /// staged and out of the commit. After the ref moves, the written files are put in the work tree
    /// and only their index entries are refreshed, so `git status` shows nothing new. The whole
    /// sequence runs under `<git dir>/podserve-gate.lock`. The index entries of the written paths are
    /// replaced by the committed content (callers refuse dirty paths they write beforehand).
    package func writeTransition(_ request: TransitionRequest) throws -> OID {
        try landTransition(request).commit
    }

    /// `writeTransition`, reporting an index/work-tree update that failed after the branch moved instead of
    /// throwing it: a transition that landed is never reported as failed.
    ///
    /// Crash safety: objects are written first (harmless if orphaned); a journal naming the commit and each
    /// path's old and new blob is written and flushed before the branch moves; it is removed only after the
    /// index and work tree hold the commit's files. A crash anywhere leaves either no transition (the next
    /// `repairInterruptedTransition` drops the journal) or a landed one that it finishes.
    package func landTransition(_ request: TransitionRequest) throws -> TransitionLanding {
        let files = try Self.normalizedFiles(request.files)
        // Before anything is written: a symbolic link on a written path is refused, not followed.
        for file in files { try ConfinedFiles(root: workdir).requireNoLinks(file.path) }
        let lock = FileLock(path: transitionLockPath)
        try lock.lock(timeout: request.lockTimeout)
        defer { lock.unlock() }
        _ = try repairInterruptedTransition()
        sweepGitDirTemporaries()

        let identity = try identity()
        let message = Self.normalizedMessage(request.message)
        var (ref, parent) = try transitionBranch()
        try waitForGitLocks(branch: ref, timeout: request.gitLockTimeout)
        var attempt = 0
        while true {
            if let base = request.base, let parent, let check = request.inputsChanged {
                let moved = base == parent ? [] : try check(base, parent)
                guard moved.isEmpty else { throw GitError.inputsMoved(ref: ref, paths: moved) }
            }
            let commit = try createTransitionCommit(
                files: files, parent: parent, message: message, identity: identity, sign: request.sign)
            try beforeReferenceUpdate?(attempt)
            let journal = try TransitionJournal(
                ref: ref, parent: parent, commit: commit,
                files: files.map { file in
                    let old = try parent.flatMap { try blobID(at: file.path, in: $0) }
                    let entry = try treeEntry(at: file.path, in: commit)
                    return .init(
                        path: file.path, old: old, new: try Self.hashBlob(file.data),
                        executable: entry?.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue)
                })
            try writeJournal(journal)
            FaultInjection.pause(at: "before-ref-move")
            let logMessage = "commit (podserve-gate): " + (message.split(separator: "\n").first.map(String.init) ?? "")
            let moved: OID?
            do {
                moved = try moveBranch(ref, to: commit, from: parent, logMessage: logMessage)
            } catch {
                removeJournal()
                throw error
            }
            guard let moved else {
                FaultInjection.pause(at: "after-ref-move")
                do {
                    try workTreeAndIndexUpdate(files)
                } catch {
                    return TransitionLanding(commit: commit, deferredUpdate: error)
                }
                FaultInjection.pause(at: "after-index")
                removeJournal()
                return TransitionLanding(commit: commit, deferredUpdate: nil)
            }
            removeJournal()
            attempt += 1
            let clashing = try pathsChanged(files.map(\.path), from: parent, to: moved)
            guard clashing.isEmpty, attempt < max(1, request.maxAttempts) else {
                throw GitError.conflict(ref: ref, paths: clashing)
            }
            parent = moved
        }
    }

    /// The branch HEAD names and its tip (nil when unborn); a detached HEAD is refused.
    func transitionBranch() throws -> (ref: String, tip: OID?) {
        switch try head() {
        case .unborn(let ref): return (ref, nil)
        case .branch(let ref, let commit): return (ref, commit)
        case .detached(let commit): throw GitError.detachedHead(commit: commit.hex)
        }
    }

    /// Writes the blobs, the updated tree and the (optionally signed) commit object; no ref moves.
    func createTransitionCommit(
        files: [(path: String, data: Data)], parent: OID?, message: String, identity: Identity,
        sign: ((String) throws -> String)?
    ) throws -> OID {
        let tree = try updatedTree(files: files, parent: parent)
        let treeHandle = try lookupTree(tree)
        let parentHandle = try parent.map { try lookupCommit($0) }
        let signature = try SignatureHandle(now: identity)
        return try handle.use { repo in
            try treeHandle.use { treePointer in
                try withOptionalPointer(parentHandle) { parentPointer in
                    var parents: [OpaquePointer?] = parentPointer.map { [$0] } ?? []
                    let count = parents.count
                    return try parents.withUnsafeMutableBufferPointer { buffer in
                        guard let sign else {
                            var out = git_oid()
                            try check(
                                git_commit_create(
                                    &out, repo, nil, signature.pointer, signature.pointer, nil, message, treePointer,
                                    count, buffer.baseAddress),
                                "git_commit_create")
                            return OID(out)
                        }
                        var raw = git_buf()
                        let rc = git_commit_create_buffer(
                            &raw, repo, signature.pointer, signature.pointer, nil, message, treePointer, count,
                            buffer.baseAddress)
                        if rc < 0 { git_buf_dispose(&raw) }
                        try check(rc, "git_commit_create_buffer")
                        let content = takeBuffer(&raw)
                        return try createSigned(repo, content: content, sign: sign)
                    }
                }
            }
        }
    }

    /// Asks `sign` for the signature of `content` and writes the commit with a `gpgsig` header.
    private func createSigned(_ repo: OpaquePointer, content: String, sign: (String) throws -> String) throws -> OID {
        let armored: String
        do {
            armored = try sign(content)
        } catch let error as GitError {
            throw error
        } catch {
            throw GitError.signingFailed(program: "signing program", message: error.localizedDescription)
        }
        var signature = armored
        while signature.last?.isNewline == true { signature.removeLast() }
        guard !signature.isEmpty else {
            throw GitError.signingFailed(program: "signing program", message: "it returned an empty signature")
        }
        var out = git_oid()
        try check(
            git_commit_create_with_signature(&out, repo, content, signature, "gpgsig"),
            "git_commit_create_with_signature")
        return OID(out)
    }

    /// The tree of `parent` (or the empty tree) with each file upserted; intermediate directories are created.
    func updatedTree(files: [(path: String, data: Data)], parent: OID?) throws -> OID {
        let base = try parent.map { try rootTree(of: $0) } ?? emptyTree()
        var updates: [git_tree_update] = []
        var paths: [UnsafeMutablePointer<CChar>?] = []
        defer { paths.forEach { free($0) } }
        for file in files {
            let existing = try parent.flatMap { try treeEntry(at: file.path, in: $0) }
            let executable = existing.map { !$0.isTree && $0.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue } ?? false
            let path = strdup(file.path)
            paths.append(path)
            var update = git_tree_update()
            update.action = GIT_TREE_UPDATE_UPSERT
            update.id = try writeBlob(file.data).raw
            update.filemode = executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB
            update.path = UnsafePointer(path)
            updates.append(update)
        }
        return try handle.use { repo in
            try base.use { basePointer in
                var out = git_oid()
                try check(
                    git_tree_create_updated(&out, repo, basePointer, updates.count, updates), "git_tree_create_updated")
                return OID(out)
            }
        }
    }

    /// The empty tree, written if needed, as the base of the first commit on an unborn branch.
    private func emptyTree() throws -> Handle {
        let id: OID = try handle.use { repo in
            let builder = try Handle("git_treebuilder_new", free: git_treebuilder_free) {
                git_treebuilder_new(&$0, repo, nil)
            }
            return try builder.use { pointer in
                var out = git_oid()
                try check(git_treebuilder_write(&out, pointer), "git_treebuilder_write")
                return OID(out)
            }
        }
        return try lookupTree(id)
    }

    /// Moves `ref` from `expected` to `commit`; returns nil on success, or the ref's new tip when another writer won.
    ///
    /// A ref briefly locked by a concurrent `git` command is retried for up to a second.
    func moveBranch(_ ref: String, to commit: OID, from expected: OID?, logMessage: String) throws -> OID? {
        var lockedTries = 0
        while true {
            let rc: Int32 = handle.use { repo in
                var out: OpaquePointer?
                var target = commit.raw
                let rc: Int32
                if var current = expected?.raw {
                    rc = git_reference_create_matching(&out, repo, ref, &target, 1, &current, logMessage)
                } else {
                    rc = git_reference_create(&out, repo, ref, &target, 0, logMessage)
                }
                git_reference_free(out)
                return rc
            }
            if rc >= 0 { return nil }
            if isCode(rc, GIT_ELOCKED) {
                lockedTries += 1
                if lockedTries > 50 {
                    let path = commonDir + "/" + ref + ".lock"
                    throw GitError.lockHeld(path: path, age: Self.age(of: path))
                }
                usleep(20_000)
                continue
            }
            guard isCode(rc, GIT_EMODIFIED) || isCode(rc, GIT_EEXISTS) else {
                throw lastError(rc, "git_reference_create_matching")
            }
            guard let current = try referenceTarget(ref) else {
                throw GitError.conflict(ref: ref, paths: [])
            }
            if current == expected && lockedTries < 50 {
                lockedTries += 1
                continue
            }
            return current
        }
    }

    /// Which of `paths` name different content (or kind) in `new` than in `old`.
    func pathsChanged(_ paths: [String], from old: OID?, to new: OID) throws -> [String] {
        try paths.sorted().filter { path in
            let before = try old.flatMap { try treeEntry(at: path, in: $0) }
            return try treeEntry(at: path, in: new) != before
        }
    }

    /// Validated, normalised repository-relative paths with their data, sorted by path.
    static func normalizedFiles(_ files: [String: Data]) throws -> [(path: String, data: Data)] {
        guard !files.isEmpty else {
            throw GitError.invalidPath("", reason: "a transition must write at least one file")
        }
        var result: [String: Data] = [:]
        for (path, data) in files {
            let normalized = normalize(path)
            let parts = normalized.split(separator: "/")
            guard !normalized.isEmpty, !path.hasPrefix("/"), !parts.contains(".."),
                parts.first.map({ $0.lowercased() != ".git" }) ?? false
            else { throw GitError.invalidPath(path, reason: "not a relative path inside the work tree") }
            result[normalized] = data
        }
        return result.keys.sorted().map { ($0, result[$0] ?? Data()) }
    }

    /// The message with trailing blank lines removed and exactly one final newline, as `git commit` stores it.
    static func normalizedMessage(_ message: String) -> String {
        var message = message
        while let last = message.last, last.isWhitespace { message.removeLast() }
        return message + "\n"
    }
}
