import Foundation

/// The per-user secret that signs verify-cache entries, kept outside every repository
/// (`$XDG_STATE_HOME/podserve-gate/verify-cache.key`, else `~/.local/state/podserve-gate/verify-cache.key`,
/// mode 0600): whoever can write a repository's git directory but not this file cannot make verify trust a cache.
enum CacheKey {
    /// The key file's path, or nil when neither `XDG_STATE_HOME` nor `HOME` is set.
    static var path: String? {
        let environment = ProcessInfo.processInfo.environment
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/podserve-gate/verify-cache.key"
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return home + "/.local/state/podserve-gate/verify-cache.key"
        }
        return nil
    }

    /// The key (32 random bytes, made on first use), or nil when it can be neither read nor made.
    static func secret() -> Data? {
        guard let path else { return nil }
        if let key = readKey(path) { return key }
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        // O_EXCL: when two runs make the key at once, one file wins and both read it.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        if fd >= 0 {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            if written != bytes.count { unlink(path) }
        }
        return readKey(path)
    }

    /// A key file of the expected size that is not a link, is this user's own and is open to no one else, or nil:
    /// where the folder is shared (HOME=/tmp in a CI container), a key another user made first is one they know.
    private static func readKey(_ path: String) -> Data? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == geteuid(),
            info.st_mode & 0o077 == 0
        else { return nil }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(fd, &buffer, buffer.count)
        return count == 32 ? Data(buffer.prefix(32)) : nil
    }
}
