import Foundation

/// clean-logs: no error-level lines in the startup logs, read once the service is healthy plus a settle
/// window (option `settle`, default 1 s). Patterns are regular expressions (option `patterns` replaces the
/// defaults; option `ignore` exempts lines).
struct CleanLogsValidator: RuntimeCheck {
    /// Error levels as common daemons print them: upper-case level words, `level=error`, Apache's `[core:error]`,
    /// Python tracebacks, Go panics.
    static let defaultPatterns = [
        #"\b(ERROR|FATAL|CRITICAL|PANIC|EMERG)\b"#, #"(?i)\blevel=(error|fatal|panic)\b"#,
        #"(?i)\[[a-z_]*:?(error|crit|alert|emerg)\]"#, #"Traceback \(most recent call last\)"#, #"^panic: "#,
    ]

    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        if let missing = try input.requireImage() { return missing }
        let patterns = try Self.compile(input.options.strings("patterns") ?? Self.defaultPatterns, key: "patterns")
        let ignores = try Self.compile(input.options.strings("ignore") ?? [], key: "ignore")
        let settle = try input.options.seconds("settle") ?? 1
        let timeout = try input.startTimeout()
        return try input.launcher.withContainer(purpose: "logs") { c in
            let wait = try input.waiter.wait(c, timeout: timeout)
            _ = HostClock.sleep(settle) { false }
            let lines = try input.engine.logs(c.id).split(whereSeparator: \.isNewline).map(String.init)
            let bad = lines.enumerated().filter { _, line in
                Self.matches(patterns, line) && !Self.matches(ignores, line)
            }
            let metrics: [String: MetricValue] = [
                "log_lines": .number(Double(lines.count)), "error_lines": .number(Double(bad.count)),
            ]
            let note = wait.healthy ? "" : " (note: the service was not healthy: \(wait.reason))"
            guard bad.isEmpty else {
                let shown = bad.prefix(5).map { "line \($0.offset + 1): \($0.element)" }
                return .fail(
                    "\(bad.count) error-level line(s) in the startup logs, first: \(shown[0])\(note)",
                    metrics: metrics, output: shown.joined(separator: "\n"))
            }
            return .pass(
                "\(lines.count) startup log lines, none error-level\(note)", metrics: metrics,
                output: lines.suffix(20).joined(separator: "\n"))
        }
    }

    static func compile(_ patterns: [String], key: String) throws -> [NSRegularExpression] {
        try patterns.map { pattern in
            do { return try NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) } catch {
                throw RuntimeOptionError(key: key, value: .string(pattern), expected: "a valid regular expression")
            }
        }
    }

    static func matches(_ patterns: [NSRegularExpression], _ line: String) -> Bool {
        let range = NSRange(line.startIndex..., in: line)
        return patterns.contains { $0.firstMatch(in: line, range: range) != nil }
    }
}
