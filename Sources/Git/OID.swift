import CLibGit2
import Foundation

/// A git object id as 40 lowercase hex digits, a plain value safe to store and compare.
package struct OID: Hashable, Sendable, CustomStringConvertible, Comparable {
    package let hex: String

    /// Parses a full 40-digit hex object id, so callers cannot pass abbreviations by mistake.
    package init(hex: String) throws {
        let lower = hex.lowercased()
        guard lower.utf8.count == 40, lower.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else { throw GitError.invalidRevision(hex) }
        self.hex = lower
    }

    init(_ oid: git_oid) {
        var copy = oid
        var buffer = [CChar](repeating: 0, count: 41)
        // Formatting a valid in-memory oid cannot fail; the buffer is always 40 digits plus NUL.
        _ = git_oid_fmt(&buffer, &copy)
        self.hex = String(decoding: buffer[..<40].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    init?(_ pointer: UnsafePointer<git_oid>?) {
        guard let pointer else { return nil }
        self.init(pointer.pointee)
    }

    /// The libgit2 form of this id.
    var raw: git_oid {
        var oid = git_oid()
        // `hex` was validated as 40 hex digits in every initializer, so parsing cannot fail.
        _ = git_oid_fromstrn(&oid, hex, 40)
        return oid
    }

    /// The first twelve digits, for messages.
    package var abbreviated: String { String(hex.prefix(12)) }

    package var description: String { hex }

    package static func < (lhs: OID, rhs: OID) -> Bool { lhs.hex < rhs.hex }
}
