import Foundation
import Locking
import Support

/// Progress for long steps goes to stderr: one line per step when stderr is not a terminal.
package final class Progress: Sendable {
    package enum Level: Int, Sendable { case quiet, normal, verbose }
    package let level: Level
    private let isTerminal: Bool
    /// What the lines written so far leave behind; one lock also keeps lines of parallel gates whole.
    private struct State {
        var lastTransient = false
        var lastLogged = Date.distantPast
        var logInterval: TimeInterval = 30
    }

    private let state = Locked(State())
    /// Put before every line (`dns: `) when several services' gates run at once.
    private let prefix: String
    /// Receives every event instead of stderr (a live display on a terminal); nil: lines go to stderr.
    private let sink: (@Sendable (Event) -> Void)?

    /// What a live display hears from a gate: each validator as it starts, and every line that would be printed.
    package enum Event: Sendable, Equatable {
        case validator(String)
        case line(String)
    }

    package init(level: Level, isTerminal: Bool = isatty(2) != 0, prefix: String = "") {
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
    package func observed(by sink: @escaping @Sendable (Event) -> Void) -> Progress {
        Progress(level: level, sink: sink)
    }

    /// A validator starts (only a live display shows it; lines say it when the validator ends).
    package func validator(_ id: String) {
        sink?(.validator(id))
    }

    /// The same level, every line tagged with `tag` and never rewritten in place, so the lines of gates running
    /// in parallel stay attributable (in-place updates of several gates would overwrite each other).
    package func tagged(_ tag: String) -> Progress {
        let tagged = Progress(level: level, isTerminal: false, prefix: "\(tag): ")
        tagged.logInterval = logInterval
        return tagged
    }

    package static let silent = Progress(level: .quiet, isTerminal: false)

    /// A step's lasting line ("isolation: sigterm … pass").
    package func step(_ text: String) {
        guard level != .quiet else { return }
        emit(text, transient: false)
    }

    /// An in-place update on a terminal ("attempt 3/5, 2.1 s"). When stderr is not a terminal (CI logs)
    /// it becomes a plain line at most every `logInterval` seconds (every update with --verbose), so a
    /// one-hour soak still shows it is alive without flooding the log.
    package func update(_ text: String) {
        guard level != .quiet else { return }
        if isTerminal { emit(text, transient: true); return }
        let verbose = level == .verbose
        let due = state.withLock { state in
            let now = Date()
            let due = verbose || now.timeIntervalSince(state.lastLogged) >= state.logInterval
            if due { state.lastLogged = now }
            return due
        }
        if due { emit(text, transient: false) }
    }

    package var logInterval: TimeInterval {
        get { state.withLock { $0.logInterval } }
        set { state.withLock { $0.logInterval = newValue } }
    }

    package func detail(_ text: String) {
        guard level == .verbose else { return }
        emit(text, transient: false)
    }

    private func emit(_ text: String, transient: Bool) {
        if let sink { sink(.line(text)); return }
        let prefix = prefix
        state.withLock { state in
            var line = ""
            if state.lastTransient { line += "\r\u{1B}[K" }
            // Progress carries repository text (a gate file's command path, a plan's image, a waiver's reason).
            line += TerminalText.safe(prefix + text)
            if !transient { line += "\n" }
            state.lastTransient = transient
            StandardStreams.err(line)
        }
    }
}
