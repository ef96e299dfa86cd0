import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What /proc says about this test process's descriptors: the ground truth a leak shows up in.
enum OpenDescriptors {
    /// Every open descriptor and what it points at (`pipe:[…]`, `anon_inode:[pidfd]`, a path).
    static func list() -> [Int32: String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        var result: [Int32: String] = [:]
        for name in names {
            guard let fd = Int32(name) else { continue }
            // The directory listing's own descriptor is closed by now and reads as missing: skip it.
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(name)")
            else { continue }
            result[fd] = target
        }
        return result
    }

    static var count: Int { list().count }

    /// Descriptors a child would inherit: open and without FD_CLOEXEC.
    static func inheritable() -> Set<Int32> {
        Set(list().keys.filter { fcntl($0, F_GETFD) >= 0 && fcntl($0, F_GETFD) & FD_CLOEXEC == 0 })
    }

    /// Waits up to `seconds` for the count to come back to `expected`: other suites of the same test
    /// process may hold a descriptor for a moment, a leak holds it for ever.
    static func settle(to expected: Int, seconds: Double = 20) -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        var now = count
        while now != expected && Date() < deadline {
            usleep(100_000)
            now = count
        }
        return now
    }
}

/// A scratch folder with a file that exists but may not be executed (mode 0644).
struct Scratch {
    let root: String
    let notExecutable: String
    let plainFile: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("support-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        notExecutable = root + "/not-executable.sh"
        try Data("#!/bin/sh\necho never\n".utf8).write(to: URL(fileURLWithPath: notExecutable))
        chmod(notExecutable, 0o644)
        plainFile = root + "/plain.txt"
        try Data("x".utf8).write(to: URL(fileURLWithPath: plainFile))
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
