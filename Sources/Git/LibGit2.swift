import CLibGit2
import Foundation

/// Process-wide libgit2 set-up: `git_libgit2_init()` runs exactly once, on first use.
enum LibGit2 {
    private static let initialized: Int32 = git_libgit2_init()

    /// Initialises libgit2 if nothing did yet; every entry point that touches libgit2 calls it.
    static func ensureInitialized() {
        _ = initialized
    }
}

/// Throws a `GitError.libgit2` with libgit2's last error message when `rc` is negative.
@discardableResult
func check(_ rc: Int32, _ function: String) throws -> Int32 {
    guard rc < 0 else { return rc }
    throw lastError(rc, function)
}

/// Builds the error for a failed call from `git_error_last()`, copying the message at once.
func lastError(_ rc: Int32, _ function: String) -> GitError {
    var message = "unknown error"
    if let error = git_error_last(), let text = error.pointee.message {
        message = String(cString: text)
    }
    return .libgit2(function: function, code: rc, message: message)
}

/// True when `rc` is the given libgit2 error code.
func isCode(_ rc: Int32, _ code: git_error_code) -> Bool {
    rc == code.rawValue
}

/// Copies a possibly-NULL borrowed C string into a Swift string.
func copyString(_ pointer: UnsafePointer<CChar>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
}

/// Copies the contents of a `git_buf` into a Swift string and disposes of the buffer.
func takeBuffer(_ buffer: inout git_buf) -> String {
    defer { git_buf_dispose(&buffer) }
    guard let pointer = buffer.ptr else { return "" }
    let bytes = UnsafeRawBufferPointer(start: pointer, count: buffer.size)
    return String(decoding: bytes, as: UTF8.self)
}
