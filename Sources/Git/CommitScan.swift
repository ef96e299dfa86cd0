import CLibGit2
import Foundation
import Locking

/// What an audit needs of a commit of a long history.
package struct ScannedCommit: Sendable {
    package let id: OID
    package let parents: [OID]
    /// The id of the scanned top-level directory in this commit; nil when absent (or not a directory).
    package let directory: OID?
    /// The raw message when it contains the scanned marker, else nil, so most messages are never copied.
    package let message: String?
}

/// A commit `Repository.scanHistory` returns for the caller to look at, with its parents' directory ids.
package struct ScannedHistoryCommit: Sendable {
    package let commit: ScannedCommit
    /// The scanned directory's id in each parent, in parent order (nil: absent there, or no directory scanned).
    package let parentDirectories: [OID?]
    /// 1 for the tip, counting every commit of the walk in visiting order (also those not shown to the caller).
    package let index: Int

    package init(commit: ScannedCommit, parentDirectories: [OID?], index: Int) {
        self.commit = commit
        self.parentDirectories = parentDirectories
        self.index = index
    }
}

extension Repository {
    /// Reads `commit`'s parents, the id of its top-level `directory` (when given) and, when it contains `marker`,
    /// its message.
    package func scanCommit(_ commit: OID, directory: String?, marker: String) throws -> ScannedCommit {
        let reader = try RawObjectReader(odb: objectDatabase(), directory: directory, marker: marker)
        let raw = try reader.commit(RawID(commit.raw))
        return ScannedCommit(
            id: commit, parents: raw.parents.map(\.oid), directory: try reader.directory(in: raw.tree)?.oid,
            message: raw.message)
    }

    /// Walks every commit reachable from `tip` exactly once, reading each commit (and, with `directory`, its root
    /// tree) once, and returns how many it walked and those a caller must look at: commits whose message contains
    /// `marker`, and, when `directory` is given, commits whose `directory` id differs from every parent's (a root
    /// commit: that has the directory).
    ///
    /// The walk is depth-first from the tip (a commit before its parents along each path), following all
    /// parents; the commits come back in that order (see `ScannedHistoryCommit.index`), and callers that need
    /// chronological output sort them by commit time. The walk works on raw objects (`git_odb_read`, no libgit2
    /// commit or tree parse) and 20-byte ids; the hex `OID`s are made only for the commits returned. With
    /// `directory`, the root trees are read on a second thread while this one reads the commits.
    package func scanHistory(from tip: OID, directory: String?, marker: String) throws -> (
        walked: Int, commits: [ScannedHistoryCommit]
    ) {
        let reader = RawObjectReader(odb: try objectDatabase(), directory: directory, marker: marker)
        let tipID = RawID(tip.raw)
        var found: [ScannedHistoryCommit] = []
        guard directory != nil else {
            // Only messages matter.
            let walked = try walk(from: tipID, reader: reader) { commit, index in
                if let message = commit.message {
                    found.append(
                        ScannedHistoryCommit(
                            commit: ScannedCommit(
                                id: commit.id.oid, parents: commit.parents.map(\.oid), directory: nil, message: message),
                            parentDirectories: commit.parents.map { _ in nil }, index: index))
                }
            }
            return (walked, found)
        }
        let trees = try DirectoryReader(repository: self, reader: reader)
        defer { trees.stop() }
        var commits: [RawCommit] = []
        var batch: [(commit: RawID, tree: RawID)] = []
        batch.reserveCapacity(DirectoryReader.batchSize)
        let walked = try walk(from: tipID, reader: reader) { commit, _ in
            commits.append(commit)
            batch.append((commit.id, commit.tree))
            if batch.count == DirectoryReader.batchSize {
                trees.submit(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        trees.submit(batch)
        let (directories, position) = try trees.finish()
        for (offset, commit) in commits.enumerated() {
            let own = directories[offset]
            let parentDirectories = commit.parents.map { parent in position[parent].flatMap { directories[$0] } }
            let changed = commit.parents.isEmpty ? own != nil : !parentDirectories.contains(own)
            guard changed || commit.message != nil else { continue }
            found.append(
                ScannedHistoryCommit(
                    commit: ScannedCommit(
                        id: commit.id.oid, parents: commit.parents.map(\.oid), directory: own?.oid,
                        message: commit.message),
                    parentDirectories: parentDirectories.map { $0?.oid }, index: offset + 1))
        }
        return (walked, found)
    }

    /// Depth-first from `tip` over all parents, each commit read once; `body` gets every commit with its index.
    private func walk(from tip: RawID, reader: RawObjectReader, body: (RawCommit, Int) throws -> Void) throws -> Int {
        var seen: Set<RawID> = [tip]
        var stack = [tip]
        var index = 0
        while let id = stack.popLast() {
            index += 1
            let commit = try reader.commit(id)
            try body(commit, index)
            for parent in commit.parents.reversed() where seen.insert(parent).inserted { stack.append(parent) }
        }
        return index
    }

    /// This repository's object database, owned.
    func objectDatabase() throws -> Handle {
        try handle.use { pointer in
            try Handle("git_repository_odb", free: git_odb_free) { git_repository_odb(&$0, pointer) }
        }
    }

    /// Another handle on this repository, for another thread, reading objects through its own database (see
    /// `separateObjectDatabase`) so the two threads do not take turns on libgit2's per-pack lock.
    /// `sending`: made from paths only, it shares no Swift object with this one, so it can move to that thread.
    package func handleForAnotherThread() throws -> sending Repository {
        let objects = objectsDirectory()
        let other = try Repository.discover(startingAt: workdir)
        if let objects, let odb = Self.separateObjectDatabase(objects) {
            _ = try other.handle.use { repo in
                try odb.use { try check(git_repository_set_odb(repo, $0), "git_repository_set_odb") }
            }
        }
        return other
    }

    /// An object database of its own for another thread: opened through a different spelling of the objects
    /// directory, so libgit2 (which shares one pack-file structure, and its lock, per pack path) gives it pack
    /// files of its own and two threads read in parallel instead of taking turns. Nil when it cannot be opened.
    func separateObjectDatabase() -> Handle? {
        objectsDirectory().flatMap(Self.separateObjectDatabase)
    }

    /// The objects directory, ending in `/`; nil when libgit2 cannot name it.
    func objectsDirectory() -> String? {
        var buffer = git_buf()
        let rc = handle.use { git_repository_item_path(&buffer, $0, GIT_REPOSITORY_ITEM_OBJECTS) }
        guard rc == 0 else {
            git_buf_dispose(&buffer)
            return nil
        }
        var path = takeBuffer(&buffer)
        if !path.hasSuffix("/") { path += "/" }
        return path
    }

    private static func separateObjectDatabase(_ objects: String) -> Handle? {
        try? Handle("git_odb_open", free: git_odb_free) { git_odb_open(&$0, objects + ".") }
    }
}

/// Reads the root trees of a walk on a thread of its own, in batches handed over in walk order, and notes where
/// in the walk each commit is (so the walking thread need not). The walking thread signals `wake` once per batch
/// and once to finish or stop; the reading thread takes one signal per step and signals `stopped` when it ends.
private final class DirectoryReader: Sendable {
    static let batchSize = 2048

    private struct State {
        var batches: [[(commit: RawID, tree: RawID)]] = []
        var results: [[RawID?]] = []
        var position: [RawID: Int] = [:]
        var finished = false
        var cancelled = false
        var running = true
        var failure: (any Error)?
    }

    private let state = Locked(State())
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)

    init(repository: Repository, reader: RawObjectReader) throws {
        // The reading thread gets a repository of its own (opened from the same path), so what it reads through
        // shares no Swift object with the walk and moves to that thread whole; the separate database when it
        // opens, else that repository's own.
        let own = try Repository.discover(startingAt: repository.workdir)
        let odb = try own.separateObjectDatabase() ?? own.objectDatabase()
        let fallback = try own.objectDatabase()
        let treeReader = RawObjectReader(odb: odb, fallback: fallback, directoryName: reader.directoryName, marker: "")
        detachThread(handing: treeReader) { [self] treeReader in self.run(treeReader) }
    }

    func submit(_ batch: [(commit: RawID, tree: RawID)]) {
        state.withLock { $0.batches.append(batch) }
        wake.signal()
    }

    /// The directory id for every tree submitted, in order, and each commit's offset in that order, once all
    /// are read.
    func finish() throws -> (directories: [RawID?], position: [RawID: Int]) {
        endThread { $0.finished = true }
        let (failure, directories, position) = state.withLock {
            ($0.failure.take(), $0.results.flatMap { $0 }, $0.position)
        }
        if let failure { throw failure }
        return (directories, position)
    }

    /// Stops the thread (after the batch at hand) and waits for it, so nothing outlives the walk.
    func stop() {
        endThread {
            $0.cancelled = true
            $0.finished = true
        }
    }

    /// Marks the state with `change` and, when the thread still runs, wakes it and waits until it has ended.
    private func endThread(_ change: (inout State) -> Void) {
        let running = state.withLock { state -> Bool in
            change(&state)
            return state.running
        }
        guard running else { return }
        wake.signal()
        stopped.wait()
    }

    private func run(_ reader: RawObjectReader) {
        var position: [RawID: Int] = [:]
        while true {
            wake.wait()
            let batch = state.withLock { state -> [(commit: RawID, tree: RawID)]? in
                if state.cancelled || state.batches.isEmpty || state.failure != nil {
                    state.position = position
                    state.running = false
                    return nil
                }
                return state.batches.removeFirst()
            }
            guard let batch else {
                stopped.signal()
                return
            }
            var read: [RawID?] = []
            read.reserveCapacity(batch.count)
            do {
                for (commit, tree) in batch {
                    position[commit] = position.count
                    read.append(try reader.directory(in: tree))
                }
            } catch {
                state.withLock { $0.failure = error }
                continue
            }
            state.withLock { $0.results.append(read) }
        }
    }
}

/// A 20-byte object id as three words: cheap to hash and compare, unlike the hex `OID`.
struct RawID: Hashable {
    let high: UInt64
    let middle: UInt64
    let low: UInt32

    init(_ oid: git_oid) {
        (high, middle, low) = withUnsafeBytes(of: oid.id) { bytes in
            (
                bytes.loadUnaligned(as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self)
            )
        }
    }

    var raw: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { bytes in
            bytes.storeBytes(of: high, as: UInt64.self)
            bytes.storeBytes(of: middle, toByteOffset: 8, as: UInt64.self)
            bytes.storeBytes(of: low, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    var oid: OID { OID(raw) }

    func hash(into hasher: inout Hasher) {
        hasher.combine(high)  // already uniformly distributed
    }
}

/// One commit as the raw scan reads it.
struct RawCommit {
    let id: RawID
    let tree: RawID
    let parents: [RawID]
    /// The raw message when it contains the marker.
    let message: String?
    /// The committer time, seconds since the epoch (0 when unreadable).
    var time: Int64 = 0
}

/// Reads commits and root trees straight from an object database (`git_odb_read`), picking out only the
/// parents, one top-level directory's id and, when it contains a marker, the message.
final class RawObjectReader {
    private let odb: Handle
    /// Tried when `odb` does not have an object (a separately opened database may miss what the repository's has).
    private let fallback: Handle?
    /// The top-level directory whose id `directory(in:)` reads, without its NUL; nil: none.
    let directoryName: [CChar]?
    private let marker: [CChar]

    convenience init(odb: Handle, fallback: Handle? = nil, directory: String?, marker: String) {
        self.init(
            odb: odb, fallback: fallback, directoryName: directory.map { Array($0.utf8CString.dropLast()) },
            marker: marker)
    }

    init(odb: Handle, fallback: Handle?, directoryName: [CChar]?, marker: String) {
        self.odb = odb
        self.fallback = fallback
        self.directoryName = directoryName
        self.marker = Array(marker.utf8CString.dropLast())
    }

    func commit(_ id: RawID) throws -> RawCommit {
        try withObject(id, expecting: GIT_OBJECT_COMMIT) { pointer in
            let data = UnsafeRawPointer(git_odb_object_data(pointer)).assumingMemoryBound(to: CChar.self)
            let size = git_odb_object_size(pointer)
            var tree = git_oid()
            var parentCount = 0
            var messageOffset = 0
            var parents = [git_oid](repeating: git_oid(), count: 2)
            var rc = podserve_parse_commit(data, size, &tree, &parents, parents.count, &parentCount, &messageOffset)
            if rc == 0 && parentCount > parents.count {  // an octopus merge
                parents = [git_oid](repeating: git_oid(), count: parentCount)
                rc = podserve_parse_commit(data, size, &tree, &parents, parents.count, &parentCount, &messageOffset)
            }
            guard rc == 0 else {
                throw GitError.libgit2(function: "git_odb_read", code: -1, message: "commit \(id.oid) is malformed")
            }
            var message: String?
            let messageSize = size - messageOffset
            if podserve_contains(data + messageOffset, messageSize, marker, marker.count) != 0 {
                message = String(
                    decoding: UnsafeRawBufferPointer(start: data + messageOffset, count: messageSize), as: UTF8.self)
            }
            return RawCommit(
                id: id, tree: RawID(tree), parents: parents.prefix(parentCount).map(RawID.init), message: message,
                time: Int64(podserve_committer_time(data, messageOffset)))
        }
    }

    /// The id of the top-level directory in the root tree `tree`; nil when it has none there (or none is scanned).
    func directory(in tree: RawID) throws -> RawID? {
        guard let name = directoryName else { return nil }
        return try withObject(tree, expecting: GIT_OBJECT_TREE) { pointer in
            let data = UnsafeRawPointer(git_odb_object_data(pointer)).assumingMemoryBound(to: UInt8.self)
            var entry = git_oid()
            switch podserve_tree_directory(data, git_odb_object_size(pointer), name, name.count, &entry) {
            case 1: return RawID(entry)
            case 0: return nil
            default:
                throw GitError.libgit2(function: "git_odb_read", code: -1, message: "tree \(tree.oid) is malformed")
            }
        }
    }

    /// Runs `body` with the raw object `id`, which must be of `type` (else: an invalid revision, as for a lookup).
    private func withObject<T>(_ id: RawID, expecting type: git_object_t, _ body: (OpaquePointer) throws -> T) throws
        -> T
    {
        var raw = id.raw
        var out: OpaquePointer?
        var rc = odb.use { git_odb_read(&out, $0, &raw) }
        if isCode(rc, GIT_ENOTFOUND), let fallback { rc = fallback.use { git_odb_read(&out, $0, &raw) } }
        if isCode(rc, GIT_ENOTFOUND) { throw GitError.invalidRevision(id.oid.hex) }
        try check(rc, "git_odb_read")
        guard let object = out else { throw GitError.invalidRevision(id.oid.hex) }
        defer { git_odb_object_free(object) }
        guard git_odb_object_type(object) == type else { throw GitError.invalidRevision(id.oid.hex) }
        return try body(object)
    }
}
