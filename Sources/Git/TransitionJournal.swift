import CLibGit2
import Foundation

/// The write-ahead record of one transition: written before the branch moves, removed once the index and
/// work tree hold the committed files. Found on a later run, it tells exactly what to finish or drop.
struct TransitionJournal: Equatable {
    struct File: Equatable {
        let path: String
        /// The blob the parent had (nil: the file is new) and the one the transition commits.
        let old: OID?
        let new: OID
        let executable: Bool
    }

    let ref: String
    let parent: OID?
    let commit: OID
    let files: [File]

    static let header = "podserve-gate transition journal v1"

    var text: String {
        var lines = [Self.header, "ref \(ref)", "parent \(parent?.hex ?? "-")", "commit \(commit.hex)"]
        lines += files.map { "file \($0.old?.hex ?? "-") \($0.new.hex) \($0.executable ? "755" : "644") \($0.path)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses a journal; nil for anything that is not one (a torn or foreign file is treated as absent).
    static func parse(_ text: String) -> TransitionJournal? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 5, lines[0] == header, lines.last == "",
            lines[1].hasPrefix("ref "), lines[2].hasPrefix("parent "), lines[3].hasPrefix("commit "),
            let commit = try? OID(hex: String(lines[3].dropFirst(7)))
        else { return nil }
        let parentText = String(lines[2].dropFirst(7))
        let parent = parentText == "-" ? nil : try? OID(hex: parentText)
        if parentText != "-" && parent == nil { return nil }
        var files: [File] = []
        for line in lines[4..<(lines.count - 1)] {
            let parts = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 5, parts[0] == "file", let new = try? OID(hex: parts[2]) else { return nil }
            let old = parts[1] == "-" ? nil : try? OID(hex: parts[1])
            if parts[1] != "-" && old == nil { return nil }
            files.append(File(path: parts[4], old: old, new: new, executable: parts[3] == "755"))
        }
        return TransitionJournal(ref: String(lines[1].dropFirst(4)), parent: parent, commit: commit, files: files)
    }
}

/// What a repair of an interrupted transition did, for the command to say.
package struct TransitionRepair: Sendable {
    /// The interrupted transition's commit and whether it had landed on its branch.
    package let commit: OID
    package let landed: Bool
    /// Paths whose index entry or work-tree file was brought to the committed content.
    package let repaired: [String]
    /// Paths left alone because someone changed them since (named so the user can look).
    package let leftAlone: [String]

    /// One sentence for stderr.
    package var summary: String {
        guard landed else {
            return "an interrupted transition (\(commit.abbreviated)) never reached its branch; nothing to repair"
        }
        var text = "finished an interrupted transition \(commit.abbreviated): "
        text +=
            repaired.isEmpty ? "index and work tree already matched it" : "updated \(repaired.joined(separator: ", "))"
        if !leftAlone.isEmpty { text += "; left alone (changed since): \(leftAlone.joined(separator: ", "))" }
        return text
    }
}

extension Repository {
    /// Where the journal of the transition under way lives: per work tree, beside the index it repairs.
    var journalPath: String { gitDir + "/podserve-gate-transition.journal" }

    func writeJournal(_ journal: TransitionJournal) throws {
        try writeAtomically(Data(journal.text.utf8), toAbsolute: journalPath, mode: 0o644)
    }

    func removeJournal() { unlink(journalPath) }

    /// Deletes what a killed writer of ours left in the git directory: temporary journal files and private index
    /// copies. Only called under the transition lock, when no writer of ours can be using them.
    func sweepGitDirTemporaries() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: gitDir)) ?? []
        for name in names
        where (name.hasPrefix(".podserve-gate-transition.journal.podserve-gate-") && name.hasSuffix(".tmp"))
            || name.hasPrefix("podserve-gate-index-")
        {
            unlink(gitDir + "/" + name)
        }
    }

    /// Finishes or drops a transition a crash interrupted, if its journal is there and no other writer is at
    /// work; nil when there was nothing to do. Safe to call from every command, read-only ones included.
    package func repairInterruptedTransition() throws -> TransitionRepair? {
        guard FileManager.default.fileExists(atPath: journalPath) else { return nil }
        let lock = FileLock(path: transitionLockPath)
        guard try lock.tryLock() else { return nil }  // a live writer owns the journal
        defer { lock.unlock() }
        sweepGitDirTemporaries()
        guard let data = FileManager.default.contents(atPath: journalPath) else { return nil }
        guard let journal = TransitionJournal.parse(String(decoding: data, as: UTF8.self)) else {
            removeJournal()
            return nil
        }
        let tip = try referenceTarget(journal.ref)
        let landed = try tip.map { try $0 == journal.commit || isDescendant($0, of: journal.commit) } ?? false
        guard landed, let tip else {
            removeTemporaryFiles(beside: journal.files.map(\.path))
            removeJournal()
            return TransitionRepair(commit: journal.commit, landed: false, repaired: [], leftAlone: [])
        }
        var repaired: [String] = [], leftAlone: [String] = []
        var indexUpdates: [(path: String, id: OID, executable: Bool)] = []
        for file in journal.files {
            // A later commit that changed the path again owns it now.
            guard try blobID(at: file.path, in: tip) == file.new else { leftAlone.append(file.path); continue }
            var touched = false
            let staged = try indexBlobID(at: file.path)
            if staged == file.old {
                indexUpdates.append((file.path, file.new, file.executable))
                touched = true
            } else if staged != file.new {
                leftAlone.append(file.path)
                continue
            }
            let disk =
                FileManager.default.contents(atPath: workdir + "/" + file.path).map { try? Self.hashBlob($0) } ?? nil
            if disk == file.old {
                try writeAtomically(try blobData(file.new), to: file.path)
                touched = true
            } else if disk != file.new {
                leftAlone.append(file.path)
            }
            if touched { repaired.append(file.path) }
        }
        if !indexUpdates.isEmpty { try setIndexEntries(indexUpdates) }
        removeTemporaryFiles(beside: journal.files.map(\.path))
        removeJournal()
        return TransitionRepair(commit: journal.commit, landed: true, repaired: repaired, leftAlone: leftAlone)
    }

    /// Deletes the temporary files an interrupted atomic write left beside `paths` (`.<name>.podserve-gate-*.tmp`);
    /// only called under the transition lock, when no writer of ours can be using one.
    func removeTemporaryFiles(beside paths: [String]) {
        for path in paths {
            let target = workdir + "/" + path
            let directory = (target as NSString).deletingLastPathComponent
            let prefix = ".\((target as NSString).lastPathComponent).podserve-gate-"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
                unlink(directory + "/" + name)
            }
        }
    }

    /// Whether `ancestor` is a proper ancestor of `commit`.
    package func isAncestor(_ ancestor: OID, of commit: OID) throws -> Bool {
        try isDescendant(commit, of: ancestor)
    }

    /// Whether `commit` has `ancestor` in its history.
    package func isDescendant(_ commit: OID, of ancestor: OID) throws -> Bool {
        try handle.use { repo in
            var a = commit.raw, b = ancestor.raw
            return try check(git_graph_descendant_of(repo, &a, &b), "git_graph_descendant_of") == 1
        }
    }
}
