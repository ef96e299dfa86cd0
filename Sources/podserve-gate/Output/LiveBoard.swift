import Engine
import Foundation
import Locking
import Support

#if canImport(Glibc)
    import Glibc
#endif

/// The live summary of `check`/`advance --jobs N` on a terminal: one line per service on stdout, redrawn in place
/// (queued, running and which validator, passed, failed, landed, error), instead of the tagged progress lines that
/// parallel gates print elsewhere. The final frame stays on screen above the grouped results, which print as always.
final class LiveBoard: Sendable {
    enum State: Sendable {
        case queued
        case running(validator: String?, since: Date)
        case done(String)
    }

    /// What the lock guards: each service's line, how many lines the last frame drew, and whether it stopped.
    private struct Frame {
        var states: [String: State]
        var drawn = 0
        var stopped = false
    }

    private let frame: Locked<Frame>
    private let names: [String]
    private let width: Int
    private let nameWidth: Int

    /// Whether to show one: `--jobs` really runs gates side by side, table output, progress not silenced, and stdout
    /// is a terminal that understands cursor movement (not `TERM=dumb`).
    static func wanted(parallel: Bool, table: Bool, level: Engine.Progress.Level) -> Bool {
        guard parallel, table, level != .quiet, isatty(STDOUT_FILENO) != 0 else { return false }
        return ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    init(_ names: [String]) {
        self.names = names
        self.frame = Locked(
            Frame(states: Dictionary(names.map { ($0, State.queued) }, uniquingKeysWith: { first, _ in first })))
        var size = winsize()
        let columns = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_col) : 0
        self.width = columns > 20 ? columns : 80
        self.nameWidth = min(names.map(\.count).max() ?? 0, 32)
    }

    /// Draws the first frame and redraws every second (running services show their elapsed time) until `stop()`.
    func start() {
        draw()
        Thread.detachNewThread { [self] in
            while true {
                usleep(1_000_000)
                if frame.withLock({ $0.stopped }) { return }
                draw()
            }
        }
    }

    /// The service's gate began on a worker.
    func began(_ name: String) { set(name, .running(validator: nil, since: Date())) }

    /// A progress event of that service's gate (a validator starting moves its line; other lines are not shown).
    func heard(_ name: String, _ event: Engine.Progress.Event) {
        guard case .validator(let id) = event else { return }
        frame.withLock { frame in
            if case .running(_, let since) = frame.states[name] {
                frame.states[name] = .running(validator: id, since: since)
            }
        }
        draw()
    }

    /// The service's gate finished with `result` after `seconds`.
    func finished(_ name: String, _ result: GateRunResult, seconds: Double) {
        let time = String(format: "%.1f s", seconds)
        switch result {
        case .ran(let report, let commit, let to):
            if let commit, let to {
                set(name, .done("landed \(report.phase.rawValue) -> \(to) (\(commit)) in \(time)"))
            } else if report.passed {
                set(name, .done("passed \(report.phase.rawValue) in \(time)"))
            } else {
                let failed = report.records.filter { $0.status == .fail }.map(\.id)
                set(
                    name,
                    .done(
                        "failed \(report.phase.rawValue) in \(time)"
                            + (failed.isEmpty ? "" : ": \(failed.joined(separator: ", "))")))
            }
        case .failed(_, _, let code):
            set(name, .done("error (exit \(code)) after \(time)"))
        }
    }

    /// Draws the final frame and ends the redraws.
    func stop() {
        draw()
        frame.withLock { $0.stopped = true }
    }

    private func set(_ name: String, _ state: State) {
        frame.withLock { $0.states[name] = state }
        draw()
    }

    /// Rewrites every line in place (cursor up over the previous frame, clear each line); lines are cut to the
    /// terminal's width so none wraps and throws the cursor arithmetic off.
    private func draw() {
        // Drawn under the lock, so two frames never interleave on the terminal.
        frame.withLock { frame in
            guard !frame.stopped else { return }
            var text = frame.drawn > 0 ? "\u{1B}[\(frame.drawn)A" : ""
            for name in names {
                let padded = name.padding(toLength: max(nameWidth, name.count), withPad: " ", startingAt: 0)
                // Escaped before it is cut: an escape widens the line, and a wrapped line breaks the redraw.
                var line = terminalSafe("  \(padded)  \(describe(frame.states[name] ?? .queued))")
                if line.count > width - 1 { line = String(line.prefix(width - 2)) + "…" }
                text += "\r\u{1B}[2K" + line + "\n"
            }
            frame.drawn = names.count
            StandardStreams.out(text)
        }
    }

    private func describe(_ state: State) -> String {
        switch state {
        case .queued: return "queued"
        case .running(let validator, let since):
            let elapsed = String(format: "%.0f s", Date().timeIntervalSince(since))
            return "running \(validator ?? "(starting)") — \(elapsed)"
        case .done(let text): return text
        }
    }
}
