import Foundation

/// Output of one CLI run made by a test.
package struct GitCLIResult: Sendable {
    package let status: Int32
    package let stdout: String
    package let stderr: String

    package init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Error thrown when a test's helper command exits non-zero.
package struct GitCLIFailure: Error, CustomStringConvertible {
    package let command: [String]
    package let result: GitCLIResult
    package var description: String {
        "\(command.joined(separator: " ")) exited \(result.status): \(result.stderr)\(result.stdout)"
    }
}

/// A throw-away git repository in a temporary folder, driven by the git CLI as an independent reader.
///
/// Tests create one per test and call `remove()` (usually in a `defer`).
package final class GitSandbox: Sendable {
    /// Absolute path of the sandbox folder (the work tree unless `init(bare:)`), symlinks resolved.
    package let root: String

    /// Creates a temporary repository on branch `main` with a local identity and signing switched off.
    package init(initialize: Bool = true, bare: Bool = false) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("git-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        root = base.resolvingSymlinksInPath().path
        guard initialize else { return }
        try git(["init", "-q", "-b", "main"] + (bare ? ["--bare"] : []))
        if bare { return }
        try git("config", "user.name", "Test Person")
        try git("config", "user.email", "test@example.com")
        try git("config", "commit.gpgsign", "false")
        try git("config", "core.autocrlf", "false")
    }

    /// Deletes the sandbox folder.
    package func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Runs git in the sandbox and returns its trimmed stdout; throws when git fails.
    @discardableResult
    package func git(_ arguments: String...) throws -> String {
        try git(arguments)
    }

    /// Runs git with an argument array in the sandbox; throws when git fails.
    @discardableResult
    package func git(_ arguments: [String], input: String? = nil) throws -> String {
        let result = try run("git", arguments, input: input)
        guard result.status == 0 else { throw GitCLIFailure(command: ["git"] + arguments, result: result) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs any program in the sandbox with an argument array, capturing both streams through files.
    package func run(_ program: String, _ arguments: [String], input: String? = nil, in directory: String? = nil) throws
        -> GitCLIResult
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory ?? root)
        var environment = ProcessInfo.processInfo.environment
        for key in [
            "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
            "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL",
        ] {
            environment[key] = nil
        }
        process.environment = environment
        let id = UUID().uuidString
        let outURL = FileManager.default.temporaryDirectory.appendingPathComponent("git-sandbox-out-\(id)")
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("git-sandbox-err-\(id)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        return GitCLIResult(
            status: process.terminationStatus,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
    }

    /// Writes a text file (creating folders) relative to the sandbox.
    package func write(_ path: String, _ contents: String) throws {
        let url = URL(fileURLWithPath: root).appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // A new inode each time: an in-place rewrite of the same size within one file-system timestamp
        // tick looks unchanged to git's stat cache, and `git add` would then skip it (racy git).
        try Data(contents.utf8).write(to: url, options: .atomic)
    }

    /// Reads a text file relative to the sandbox, nil when missing.
    package func read(_ path: String) -> String? {
        (try? Data(contentsOf: URL(fileURLWithPath: root).appendingPathComponent(path)))
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes, stages and commits files through the CLI; returns the new commit id.
    @discardableResult
    package func commit(_ files: [String: String], message: String) throws -> String {
        let paths = files.keys.sorted()
        for path in paths { try write(path, files[path]!) }
        // One `git add` for them all: a process per file made a 1,100-file commit take 10 s.
        if !paths.isEmpty { try git(["add", "--"] + paths) }
        try git("commit", "-q", "-m", message)
        return try git("rev-parse", "HEAD")
    }

    /// `git status --porcelain` lines, sorted.
    package func porcelain() throws -> [String] {
        let result = try run("git", ["status", "--porcelain"])
        return result.stdout.split(separator: "\n").map(String.init).sorted()
    }
}
