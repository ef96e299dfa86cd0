import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Repository {
    /// The lock files git (and libgit2) create while writing what a transition writes: the index, HEAD,
    /// the branch ref and packed-refs. Any of them present means a writer is at work, or crashed.
    package func gitLockPaths(branch ref: String?) -> [String] {
        var paths = [gitDir + "/index.lock", gitDir + "/HEAD.lock", commonDir + "/packed-refs.lock"]
        if let ref { paths.append(commonDir + "/" + ref + ".lock") }
        return paths
    }

    /// Waits up to `timeout` seconds for every git lock a transition needs to be free, then throws
    /// `GitError.lockHeld` naming the first one still there and how to tell whether it is stale.
    package func waitForGitLocks(branch ref: String?, timeout: TimeInterval) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            guard let held = gitLockPaths(branch: ref).first(where: { FileManager.default.fileExists(atPath: $0) })
            else {
                return
            }
            if Date() >= deadline { throw GitError.lockHeld(path: held, age: Self.age(of: held)) }
            usleep(50_000)
        }
    }

    /// Seconds since the file was last modified, nil when it cannot be read.
    static func age(of path: String) -> TimeInterval? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return max(0, Date().timeIntervalSince(modified))
    }
}

extension GitError {
    /// The sentence for a git lock file that stayed in place: what it is and how to tell a stale one.
    static func lockHeldMessage(path: String, age: TimeInterval?) -> String {
        let since = age.map { " (created \(Int($0)) s ago)" } ?? ""
        return "\(path) exists\(since): another git process is writing this repository. Wait for it to finish; "
            + "if no git or podserve-gate process is running (check with `ps aux | grep -e git -e podserve-gate`), "
            + "the lock is stale, left by a crash: remove it with `rm \(path)` and run the command again"
    }
}
