import CLibGit2
import Foundation

/// Reads what came into an object store since its seal and checks that each object hashes to its id, reading at
/// most a budget of objects: past it, a full audit costs less than the check.
struct ObjectStoreCheck {
    private let budget: Int
    private var checked = 0

    init(budget: Int) { self.budget = max(0, budget) }

    private var overBudget: String {
        "more than \(budget) objects came since: a full audit costs less than checking each"
    }

    /// The first loose object of the object folder `folder` written, moved or linked after `since` (every one
    /// when `since` is nil) that does not hash to its name (or cannot be read), as what changed; nil when there is
    /// none. A fan-out folder that changed after `since` has each of its objects checked; one that is a link is a
    /// change in itself.
    mutating func looseObjects(in folder: String, changedAfter since: Int64?) -> String? {
        let since = since ?? .min
        guard let fanOuts = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            return FileManager.default.fileExists(atPath: folder) ? "the object folder \(folder) cannot be listed" : nil
        }
        var odb: Handle?
        for fanOut in fanOuts where fanOut.count == 2 && fanOut.allSatisfy(\.isHexDigit) {
            let path = folder + "/" + fanOut
            guard let stamp = FileStamp(path), !stamp.isLink else {
                return "loose object folder \(fanOut) was replaced"
            }
            // A folder changed since (an object added, or the folder itself moved here) has all its objects checked.
            let wholeFolder = stamp.changed > since
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            where name.count == 38 && name.allSatisfy(\.isHexDigit) {
                guard let file = FileStamp(path + "/" + name) else { continue }
                guard wholeFolder || file.changed > since || file.isLink else { continue }
                guard checked < budget else { return overBudget }
                checked += 1
                if odb == nil { odb = Self.looseObjectDatabase(folder) }
                guard let odb, Self.holdsItsContent(odb, id: fanOut + name) else {
                    return "loose object \(fanOut + name) does not match its id"
                }
            }
        }
        return nil
    }

    /// Nil when every object `pack` answers for reads through its own index and hashes to its id, and so does
    /// each copy of it that `others` (databases of the packs never checked) answer with, else what changed.
    mutating func objects(of pack: ObjectStoreListing.Pack, others: [Handle]) -> String? {
        let name = (pack.index as NSString).lastPathComponent
        // Listing a pack's objects sorts them all first: a pack plainly past the budget is not listed at all.
        if let estimate = Self.estimatedObjectCount(index: pack.index), estimate > budget - checked {
            return overBudget
        }
        guard let odb = Self.database(reading: pack.index) else { return "pack \(name) cannot be opened" }
        var count = 0
        var bad = git_oid()
        var pointers: [OpaquePointer?] = others.map { $0.use { $0 } }
        let rc = withExtendedLifetime(others) {
            odb.use { podserve_check_pack($0, &pointers, pointers.count, budget - checked, &count, &bad) }
        }
        checked += count
        switch rc {
        case 0: return nil
        case 1: return overBudget
        case 2:
            return
                "pack \(name) holds an object that does not match its id \(OID(bad).hex), here or in a pack before it"
        default: return "pack \(name) cannot be read"
        }
    }

    /// Databases that answer for the packs the seal never checked as libgit2 reads them: each pack through its own
    /// index, and each folder with a multi-pack index through that.
    static func databases(unchecked packs: [ObjectStoreListing.Pack], indexedFolders: [String]) -> [Handle] {
        packs.compactMap { database(reading: $0.index) }
            + indexedFolders.compactMap { folder in database { backend in git_odb_backend_pack(&backend, folder) } }
    }

    /// About how many objects the pack whose index is `index` holds, from the index's size (28 bytes an object:
    /// id, checksum, offset), only to choose which packs are worth checking: listing them through libgit2 first
    /// sorts every entry of the pack, which for a large pack costs more than the audit saved. Nil when unreadable.
    static func estimatedObjectCount(index: String) -> Int? {
        FileStamp(index).map { max(0, Int($0.size) - 1072) / 28 }
    }

    /// An object database reading only the loose files of `folder` (a packed copy must not answer for them).
    private static func looseObjectDatabase(_ folder: String) -> Handle? {
        database { backend in git_odb_backend_loose(&backend, folder, -1, 0, 0, 0) }
    }

    /// An object database reading only the pack whose index is `index`.
    private static func database(reading index: String) -> Handle? {
        database { backend in git_odb_backend_one_pack(&backend, index) }
    }

    private static func database(backend make: (inout OpaquePointer?) -> Int32) -> Handle? {
        guard let odb = try? Handle("git_odb_new", free: git_odb_free, { git_odb_new(&$0) }) else { return nil }
        var backend: OpaquePointer?
        guard make(&backend) == 0, let backend else { return nil }
        // The database owns the backend once added (adding fails only when memory runs out).
        return odb.use({ git_odb_add_backend($0, backend, 1) }) == 0 ? odb : nil
    }

    /// Whether the loose object `id` reads and hashes to `id` (the pack check's own test, `podserve_holds_content`).
    private static func holdsItsContent(_ odb: Handle, id: String) -> Bool {
        var oid = git_oid()
        guard git_oid_fromstrn(&oid, id, 40) == 0 else { return false }
        return odb.use { podserve_holds_content($0, &oid) } != 0
    }
}
