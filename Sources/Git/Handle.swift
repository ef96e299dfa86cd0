import CLibGit2

/// Owns exactly one libgit2 pointer and frees it with its matching `git_*_free` in `deinit`.
final class Handle {
    private let pointer: OpaquePointer
    private let free: (OpaquePointer?) -> Void

    init(_ pointer: OpaquePointer, free: @escaping (OpaquePointer?) -> Void) {
        self.pointer = pointer
        self.free = free
    }

    /// Creates the handle from a libgit2 constructor that fills an out-pointer, checking its code.
    convenience init(
        _ function: String, free: @escaping (OpaquePointer?) -> Void,
        _ create: (inout OpaquePointer?) -> Int32
    ) throws {
        var out: OpaquePointer?
        try check(create(&out), function)
        guard let out else { throw GitError.libgit2(function: function, code: -1, message: "returned no object") }
        self.init(out, free: free)
    }

    /// Runs `body` with the raw pointer while keeping the handle (and everything borrowed from it) alive.
    func use<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        try withExtendedLifetime(self) { try body(pointer) }
    }

    deinit { free(pointer) }
}
