/// What kind of failure an error is, so the CLI can pick the SPEC §5 exit code from the error's own type
/// instead of a catch-all: each error type states its category case by case (a `switch self`, no `default:`),
/// and a new case does not compile until someone decides where it belongs.
package enum ErrorCategory: String, Sendable, CaseIterable {
    /// A gate, build or audit ran and judged "no" (exit 1).
    case gateFailed
    /// The user's files, arguments or repository content are wrong; the message names the fix (exit 2).
    case badInput
    /// The machine is not ready: podman, locks, a busy or unusable repository, an unwritable output file (exit 3).
    case environment
    /// The command line itself is malformed (exit 64, EX_USAGE).
    case usage
    /// The run was interrupted (Ctrl-C, SIGTERM) and cleaned up (exit 130).
    case interrupted
}

/// An error that knows its category; lives in Support, the lowest module, so Git, Domain and Engine errors all
/// conform in their own module.
package protocol CategorizedError: Error {
    /// The category of this particular value (cases of one error type may differ).
    var category: ErrorCategory { get }
}

extension ProcessError: CategorizedError {
    /// A missing or unstartable program is the machine's problem, and so is a working directory the tool
    /// chose (always the workspace or its export) that cannot be entered; a cancelled one was interrupted.
    package var category: ErrorCategory {
        switch self {
        case .notFound, .spawnFailed, .workingDirectoryUnusable: return .environment
        case .cancelled: return .interrupted
        }
    }
}
