import CLibGit2
import Foundation

/// What a cached audit assumed about the object store: that every object it read holds the content its id names.
///
/// Audits read objects with libgit2's hash verification off (it would double their cost), and a cache of audited
/// tips skips re-reading everything below them, so an object rewritten after the audit (a loose file replaced, a
/// pack or index swapped, an altered copy in a new pack or a new alternate) would change what `verify --no-cache`
/// reads but not what a cached run reports. The seal notes each object folder (own and alternates), each pack with
/// its index, and the files that must not change at all (a multi-pack index, `info/` but for `alternates` and
/// `packs`), with path, inode, size, change and modification time, and the time it was made. It still holds when
/// those files are unchanged and everything that came since checks out: each object of a pack it does not know
/// (a push, a fetch, `git repack`) and each loose object written, moved or linked since (every one in a folder
/// it does not know) is read and must hash to its id. That costs about as much as reading those objects, so
/// past a budget the seal counts as broken and the next audit is a full one (a `git gc` of a long history).
/// Objects that went away break nothing: what an audit read cannot change by being deleted (`git fsck` notices
/// it missing). Change times cannot be set back by a file's owner, only by moving the system clock.
package struct ObjectStoreSeal: Codable, Equatable, Sendable {
    /// Nanoseconds since 1970 a little before the sealed audit began (a margin for the kernel's coarser clock).
    package var since: Int64
    /// Hash of the listing of the files that must not change at all.
    package var fixed: String
    /// Each object folder as `path inode`: a folder not among them has all of its objects checked.
    package var folders: [String]
    /// Each pack as its index's path and both files' stamps: a pack not among them has all of its objects checked.
    package var packs: [String]

    /// How far before its making a seal dates itself: file times lag the wall clock by up to a timer tick.
    static let marginNanoseconds: Int64 = 2_000_000_000
}

extension Repository {
    /// The object store's seal as it stands now, for an audit about to begin; nil when the objects folder
    /// cannot be named or listed (then nothing is cached).
    package func objectStoreSeal() -> ObjectStoreSeal? {
        guard let objects = objectsDirectory(), let listing = ObjectStoreListing(objects) else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let since = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec) - ObjectStoreSeal.marginNanoseconds
        return ObjectStoreSeal(
            since: since, fixed: listing.fixed, folders: listing.folders.map(\.line), packs: listing.packs.map(\.line))
    }

    /// Nil when `seal` still holds, else what changed (for `--verbose`). At most `budget` objects are read to
    /// check what came since; past it the seal counts as broken.
    package func objectStoreChange(since seal: ObjectStoreSeal, budget: Int) -> String? {
        guard let objects = objectsDirectory(), let listing = ObjectStoreListing(objects) else {
            return "the objects folder cannot be listed"
        }
        guard listing.fixed == seal.fixed else {
            return "a file under objects/info (a commit-graph, which `git gc` writes) or a multi-pack index changed"
        }
        var check = ObjectStoreCheck(budget: budget)
        let knownFolders = Set(seal.folders)
        for folder in listing.folders {
            let since = knownFolders.contains(folder.line) ? seal.since : nil
            if let change = check.looseObjects(in: folder.path, changedAfter: since) { return change }
        }
        let knownPacks = Set(seal.packs)
        for pack in listing.packs where !knownPacks.contains(pack.line) {
            if let change = check.objects(of: pack) { return change }
        }
        return nil
    }
}
