import CLibGit2
import Foundation

/// What a cached audit assumed about the object store: that every object it read holds the content its id names,
/// and that whatever answers for those ids later holds the same.
///
/// Audits read objects with libgit2's hash verification off (it would double their cost), and a cache of audited
/// tips skips re-reading everything below them, so an object rewritten after the audit (a loose file replaced, a
/// pack or index swapped, an altered copy in a new pack or a new alternate) would change what `verify --no-cache`
/// reads but not what a cached run reports. So would a second copy of an id (planted before the audit where
/// libgit2 reads first, or put in front of the one the audit read, or left behind when that one goes): what
/// answers changes without any object failing its hash (`tests/redteam/49-…`). The seal notes each object folder
/// (own and alternates, found as libgit2 finds them), each pack with its index, and the files that must not
/// change at all (`info/` but for `alternates` and `packs`, and the `pack/` folder of a folder with a multi-pack
/// index), with path, inode, size, change and modification time, and the time it was made. It is kept only when
/// every loose object then hashes to its id (checked when the seal is made, or carried over from the seal this
/// run confirmed), so a loose copy that goes or is rewritten leaves one with the same content. It still holds
/// when the fixed files are unchanged, no pack it never checked went away or changed, and everything that came
/// since checks out: each object of a pack it does not know (a push, a fetch, `git repack`), with each copy of it
/// in a pack never checked, and each loose object written, moved or linked since (every one in a folder it does
/// not know) is read and must hash to its id. That costs about as much as reading those objects, so past a budget
/// the seal counts as broken and the next audit is a full one (a `git gc` of a long history). Change times cannot
/// be set back by a file's owner, only by moving the system clock.
package struct ObjectStoreSeal: Codable, Equatable, Sendable {
    /// Nanoseconds since 1970 a little before the sealed audit began (a margin for the kernel's coarser clock).
    package var since: Int64
    /// Hash of the listing of the files that must not change at all.
    package var fixed: String
    /// Each object folder as `path inode`: a folder not among them has all of its objects checked.
    package var folders: [String]
    /// Each pack as its index's path and both files' stamps: a pack not among them has all of its objects checked.
    package var packs: [String]
    /// The packs among `packs` whose every object, and every copy of it in a pack never checked, hashed to its id
    /// (they came since an earlier seal): these may go away; any other pack going away or changing breaks the seal.
    package var checkedPacks: [String]

    /// How far before its making a seal dates itself: file times lag the wall clock by up to a timer tick.
    static let marginNanoseconds: Int64 = 2_000_000_000
    /// More loose objects than this are not checked when a seal is made: the store then is not sealed.
    static let maxLooseObjects = 50_000
}

/// What a seal that still holds vouches for, so the seal of the run that relied on it need not check it again.
package struct ObjectStoreConfirmation: Sendable {
    /// The object folders (`ObjectStoreSeal.folders` lines) whose loose objects all hash to their ids.
    let folders: Set<String>
    /// The packs (`ObjectStoreSeal.packs` lines) whose objects, and every copy of them in packs never checked,
    /// hash to their ids.
    let checkedPacks: Set<String>
}

/// Whether a seal still holds.
package enum ObjectStoreChange: Sendable {
    case holds(ObjectStoreConfirmation)
    /// What changed (for `--verbose`).
    case broken(String)
}

extension Repository {
    /// The object store's listing as it stands now, for an audit about to begin (`sealing(_:confirmedBy:)` makes it
    /// a seal); nil when the objects folder cannot be named or listed (then nothing is cached).
    package func objectStoreSeal() -> ObjectStoreSeal? {
        guard let objects = objectsDirectory(), let listing = ObjectStoreListing(objects) else { return nil }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let since = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec) - ObjectStoreSeal.marginNanoseconds
        return ObjectStoreSeal(
            since: since, fixed: listing.fixed, folders: listing.folders.map(\.line),
            packs: listing.packs.map(\.line), checkedPacks: [])
    }

    /// `seal` (taken before the audit) as a seal: loose objects and checked packs carried over from `confirmation`
    /// (the seal this run relied on, confirmed after `seal` was taken) when it covers every folder, else every
    /// loose object read and hashed now, and packs checked smallest first while `budget` objects last. Nil when a
    /// loose object does not hash to its id, or there are too many to check.
    package func sealing(
        _ seal: ObjectStoreSeal, confirmedBy confirmation: ObjectStoreConfirmation?, budget: Int
    ) -> ObjectStoreSeal? {
        var seal = seal
        if let confirmation, Set(seal.folders).isSubset(of: confirmation.folders) {
            seal.checkedPacks = seal.packs.filter(confirmation.checkedPacks.contains)
            return seal
        }
        guard let objects = objectsDirectory(), let listing = ObjectStoreListing(objects) else { return nil }
        let folders = Dictionary(listing.folders.map { ($0.line, $0.path) }, uniquingKeysWith: { first, _ in first })
        var check = ObjectStoreCheck(budget: ObjectStoreSeal.maxLooseObjects)
        for line in seal.folders where !line.hasSuffix(" missing") {
            guard let path = folders[line], check.looseObjects(in: path, changedAfter: nil) == nil else { return nil }
        }
        // A pack checked now may go later without costing a full audit: a push's quarantine pack, which git moves
        // into the repository after the push, must not cost the next push one (pre-receive hook). Only the smallest
        // packs are read, within a quarter of what the audit read, so a full audit costs at most that much more.
        let sealed = Set(seal.packs)
        var unchecked = listing.packs.filter { sealed.contains($0.line) }
            .map { (pack: $0, objects: ObjectStoreCheck.estimatedObjectCount(index: $0.index) ?? Int.max) }
            .sorted { $0.objects < $1.objects }
        var packs = ObjectStoreCheck(budget: budget / 4)
        var left = budget / 4
        seal.checkedPacks = []
        while let (pack, objects) = unchecked.first, objects <= left {
            unchecked.removeFirst()
            left -= objects
            let others = ObjectStoreCheck.databases(
                unchecked: unchecked.map(\.pack), indexedFolders: listing.indexedFolders)
            guard packs.objects(of: pack, others: others) == nil else { break }
            seal.checkedPacks.append(pack.line)
        }
        return seal
    }

    /// Whether `seal` still holds, else what changed (for `--verbose`). At most `budget` objects are read to
    /// check what came since; past it the seal counts as broken.
    package func objectStoreChange(since seal: ObjectStoreSeal, budget: Int) -> ObjectStoreChange {
        guard let objects = objectsDirectory(), let listing = ObjectStoreListing(objects) else {
            return .broken("the objects folder cannot be listed")
        }
        guard listing.fixed == seal.fixed else {
            return .broken(
                "a file under objects/info (a commit-graph, which `git gc` writes) or a multi-pack index or its packs"
                    + " changed")
        }
        let current = Set(listing.packs.map(\.line))
        let sealed = Set(seal.packs)
        let checked = Set(seal.checkedPacks)
        // What the audit read from a pack never checked is known only while that pack is there as it was.
        for line in seal.packs where !current.contains(line) && !checked.contains(line) {
            let name = ((line.split(separator: " ").first.map(String.init) ?? line) as NSString).lastPathComponent
            return .broken("pack \(name), which the cached audit read, went away or changed")
        }
        var check = ObjectStoreCheck(budget: budget)
        let knownFolders = Set(seal.folders)
        for folder in listing.folders where !folder.line.hasSuffix(" missing") {
            let since = knownFolders.contains(folder.line) ? seal.since : nil
            if let change = check.looseObjects(in: folder.path, changedAfter: since) { return .broken(change) }
        }
        let newPacks = listing.packs.filter { !sealed.contains($0.line) }
        var checkedNow = checked.intersection(current)
        if !newPacks.isEmpty {
            let unchecked = listing.packs.filter { sealed.contains($0.line) && !checked.contains($0.line) }
            let others = ObjectStoreCheck.databases(unchecked: unchecked, indexedFolders: listing.indexedFolders)
            for pack in newPacks {
                if let change = check.objects(of: pack, others: others) { return .broken(change) }
                checkedNow.insert(pack.line)
            }
        }
        return .holds(ObjectStoreConfirmation(folders: Set(listing.folders.map(\.line)), checkedPacks: checkedNow))
    }
}
