import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes all of `data` to `fd`, retrying short writes and EINTR; false on any other error (errno says which).
/// Every file the Git module writes (work-tree files, the journal, the index, exports) goes through it.
func writeAll(_ data: Data, to fd: Int32) -> Bool {
    data.withUnsafeBytes { bytes -> Bool in
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress?.advanced(by: offset), bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }
}
