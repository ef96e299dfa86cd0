import Foundation
import Git

#if canImport(Glibc)
    import Glibc
#endif

/// Paths written in plans and gate files (`build:`, integration tests, `load.command`, `kind: command`
/// programs, base-image recipes) must resolve inside the workspace: no absolute path outside it, no `..`
/// escape, no symbolic link leading out (issue 10, part 3). A program given as a bare name (`curl`) is not a
/// path: it is found on PATH as before.
package enum WorkspacePaths {
    /// The executable to start for `value`: a bare name as is (PATH lookup), a path made absolute
    /// (relative to `root`) after checking it stays inside the workspace.
    package static func program(_ value: String, root: String, field: String) throws -> String {
        guard value.contains("/") else { return value }
        return try inside(value, root: root, field: field)
    }

    /// The absolute path of `value` (relative to `root`, or to `base` below it), refused with
    /// `WorkTreePathError.outside` unless it — symbolic links resolved — lies inside `root`.
    package static func inside(_ value: String, root: String, base: String = "", field: String) throws -> String {
        let relativeBase = base.isEmpty ? root : root + "/" + base
        let joined = value.hasPrefix("/") ? value : relativeBase + "/" + value
        let lexical = normalize(joined)
        let rootResolved = resolve(root)
        let resolved = resolve(lexical)
        guard resolved == rootResolved || resolved.hasPrefix(rootResolved + "/") else {
            throw WorkTreePathError.outside(value: value, resolved: resolved, field: field)
        }
        return lexical
    }

    /// `.` and `..` removed textually from an absolute path.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The path with every symbolic link resolved: `realpath` of its longest existing part, the rest appended.
    static func resolve(_ path: String) -> String {
        var head = normalize(path)
        var tail: [String] = []
        while true {
            if let real = realpath(head, nil) {
                defer { free(real) }
                let base = String(cString: real)
                return tail.isEmpty ? base : normalize(base + "/" + tail.reversed().joined(separator: "/"))
            }
            guard head != "/" else { return normalize(path) }
            tail.append((head as NSString).lastPathComponent)
            head = (head as NSString).deletingLastPathComponent
        }
    }
}

extension Workspace {
    /// See `WorkspacePaths.program`.
    package func program(_ value: String, field: String) throws -> String {
        try WorkspacePaths.program(value, root: root, field: field)
    }

    /// See `WorkspacePaths.inside`.
    package func inside(_ value: String, base: String = "", field: String) throws -> String {
        try WorkspacePaths.inside(value, root: root, base: base, field: field)
    }
}
