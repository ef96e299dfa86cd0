import Foundation
import Support

/// Progress for long steps goes to stderr: one line per step when stderr is not a terminal.
public final class Progress: @unchecked Sendable {
    public enum Level: Int { case quiet, normal, verbose }
    public let level: Level
    private let isTerminal: Bool
    private let lock = NSLock()
    private var lastTransient = false
    /// Put before every line (`dns: `) when several services' gates run at once.
    private let prefix: String
    /// Receives every event instead of stderr (a live display on a terminal); nil: lines go to stderr.
    private let sink: (@Sendable (Event) -> Void)?

    /// What a live display hears from a gate: each validator as it starts, and every line that would be printed.
    public enum Event: Sendable, Equatable {
        case validator(String)
        case line(String)
    }

    public init(level: Level, isTerminal: Bool = isatty(2) != 0, prefix: String = "") {
        self.level = level
        self.isTerminal = isTerminal
        self.prefix = prefix
        self.sink = nil
    }

    private init(level: Level, sink: @escaping @Sendable (Event) -> Void) {
        self.level = level
        self.isTerminal = false
        self.prefix = ""
        self.sink = sink
    }

    /// The same level, its events handed to `sink` instead of printed: a live display draws them itself.
    public func observed(by sink: @escaping @Sendable (Event) -> Void) -> Progress {
        Progress(level: level, sink: sink)
    }

    /// A validator starts (only a live display shows it; lines say it when the validator ends).
    public func validator(_ id: String) {
        sink?(.validator(id))
    }

    /// The same level, every line tagged with `tag` and never rewritten in place, so the lines of gates running
    /// in parallel stay attributable (in-place updates of several gates would overwrite each other).
    public func tagged(_ tag: String) -> Progress {
        let tagged = Progress(level: level, isTerminal: false, prefix: "\(tag): ")
        tagged.logInterval = logInterval
        return tagged
    }

    public static let silent = Progress(level: .quiet, isTerminal: false)

    /// A step's lasting line ("isolation: sigterm … pass").
    public func step(_ text: String) {
        guard level != .quiet else { return }
        emit(text, transient: false)
    }

    /// An in-place update on a terminal ("attempt 3/5, 2.1 s"). When stderr is not a terminal (CI logs)
    /// it becomes a plain line at most every `logInterval` seconds (every update with --verbose), so a
    /// one-hour soak still shows it is alive without flooding the log.
    public func update(_ text: String) {
        guard level != .quiet else { return }
        if isTerminal { emit(text, transient: true); return }
        lock.lock()
        let now = Date()
        let due = level == .verbose || now.timeIntervalSince(lastLogged) >= logInterval
        if due { lastLogged = now }
        lock.unlock()
        if due { emit(text, transient: false) }
    }

    public var logInterval: TimeInterval = 30
    private var lastLogged = Date.distantPast

    public func detail(_ text: String) {
        guard level == .verbose else { return }
        emit(text, transient: false)
    }

    private func emit(_ text: String, transient: Bool) {
        if let sink { sink(.line(text)); return }
        lock.lock(); defer { lock.unlock() }
        var line = ""
        if lastTransient { line += "\r\u{1B}[K" }
        line += prefix + text
        if !transient { line += "\n" }
        lastTransient = transient
        StandardStreams.err(line)
    }
}
