import Foundation

/// What to run: an argument array (never a shell string), its environment and limits.
package struct ProcessSpec: Sendable {
    /// Program name (looked up in PATH) or path.
    package var executable: String
    package var arguments: [String]
    /// Full environment for the child; nil inherits the current one.
    package var environment: [String: String]?
    package var workingDirectory: String?
    /// Limit on elapsed time, measured on the monotonic clock; on expiry the whole process group gets
    /// SIGTERM, then SIGKILL after `killGrace`.
    package var timeout: TimeInterval?
    package var killGrace: TimeInterval
    /// Bytes kept per stream: its head and tail (`OutputCapture`); the total is still counted.
    package var outputLimit: Int
    package var standardInput: Data?

    package init(
        _ executable: String, _ arguments: [String] = [], environment: [String: String]? = nil,
        workingDirectory: String? = nil, timeout: TimeInterval? = nil, killGrace: TimeInterval = 2,
        outputLimit: Int = 256 * 1024, standardInput: Data? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.timeout = timeout
        self.killGrace = killGrace
        self.outputLimit = outputLimit
        self.standardInput = standardInput
    }

    /// The command line as a person would type it, for messages only.
    package var displayCommand: String {
        ([executable] + arguments).map(Self.quote).joined(separator: " ")
    }

    static func quote(_ s: String) -> String {
        if !s.isEmpty && s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,@%+".contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// How a child process ended; a non-zero exit is a result, not an error.
package struct ProcessResult: Sendable {
    package var exitCode: Int32?
    package var signal: Int32?
    package var stdout: Data
    package var stderr: Data
    package var stdoutTotal: Int
    package var stderrTotal: Int
    package var duration: TimeInterval
    package var timedOut: Bool
    /// Bytes of `standardInput` the child never read because it exited or closed its stdin first: not an
    /// error (`head -1` does it), but worth knowing when a filter was meant to see everything.
    package var unwrittenInput = 0
    /// CPU time (user + system) the child used, with the descendants it waited for itself, from `wait4`.
    package var cpuSeconds: Double = 0

    package init(
        exitCode: Int32?, signal: Int32?, stdout: Data, stderr: Data, stdoutTotal: Int, stderrTotal: Int,
        duration: TimeInterval, timedOut: Bool
    ) {
        self.exitCode = exitCode
        self.signal = signal
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutTotal = stdoutTotal
        self.stderrTotal = stderrTotal
        self.duration = duration
        self.timedOut = timedOut
    }

    package var succeeded: Bool { exitCode == 0 && !timedOut }
    package var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    package var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// Both streams, trimmed to about `limit` characters for evidence and messages: when longer, the first
    /// quarter and the last three quarters are kept around a `…` line, like the capture itself (head and tail).
    package func excerpt(limit: Int = 2000) -> String {
        var parts: [String] = []
        let out = stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        let err = stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        if !out.isEmpty { parts.append(out) }
        if !err.isEmpty { parts.append(err) }
        let joined = parts.joined(separator: "\n")
        if joined.count <= limit { return joined }
        let head = limit / 4
        return String(joined.prefix(head)) + "\n…\n" + String(joined.suffix(limit - head))
    }

    /// One phrase describing how it ended ("exit 1", "killed by signal 9", "timed out").
    package var endDescription: String {
        if timedOut { return "timed out after \(String(format: "%.1f", duration)) s" }
        if let signal { return "killed by signal \(signal)" }
        return "exit \(exitCode.map(String.init) ?? "?")"
    }
}

/// Failures to start or supervise a child (not its exit status).
package enum ProcessError: Error, LocalizedError, Equatable {
    case notFound(executable: String)
    case spawnFailed(command: String, errno: Int32)
    case cancelled(command: String)
    /// The child could not enter its working directory (missing, not a directory, not searchable).
    case workingDirectoryUnusable(directory: String, command: String, errno: Int32)

    package var errorDescription: String? {
        switch self {
        case .notFound(let executable):
            return "`\(executable)` was not found in PATH; install it (see `podserve-gate doctor`)"
        case .spawnFailed(let command, let code):
            return "could not start `\(command)`: \(String(cString: strerror(code)))"
        case .cancelled(let command):
            return "not started, the run was interrupted: `\(command)`"
        case .workingDirectoryUnusable(let directory, let command, let code):
            return "could not start `\(command)` in `\(directory)`: \(String(cString: strerror(code)))"
        }
    }
}

/// Runs child processes; a protocol so engine tests can stand in a scripted runner.
package protocol ProcessRunner: Sendable {
    func run(_ spec: ProcessSpec) throws -> ProcessResult
    /// The account this runner counts its children's time in, if it keeps one (`SystemProcessRunner(account:)`).
    var childTimeAccount: ChildTimeAccount? { get }
}

extension ProcessRunner {
    package var childTimeAccount: ChildTimeAccount? { nil }
}
