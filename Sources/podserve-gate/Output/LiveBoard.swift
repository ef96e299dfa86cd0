import Engine
import Foundation
import Support
#if canImport(Glibc)
import Glibc
#endif

/// The live summary of `check`/`advance --jobs N` on a terminal: one line per service on stdout, redrawn in place
/// (queued, running and which validator, passed, failed, landed, error), instead of the tagged progress lines that
/// parallel gates print elsewhere. The final frame stays on screen above the grouped results, which print as always.
final class LiveBoard: @unchecked Sendable {
    enum State {
        case queued
        case running(validator: String?, since: Date)
        case done(String)
    }

    private let lock = NSLock()
    private let names: [String]
    private var states: [String: State]
    private var drawn = 0
    private var stopped = false
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
        self.states = Dictionary(names.map { ($0, State.queued) }, uniquingKeysWith: { first, _ in first })
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
                lock.lock(); let done = stopped; lock.unlock()
                if done { return }
                draw()
            }
        }
    }

    /// The service's gate began on a worker.
    func began(_ name: String) { set(name, .running(validator: nil, since: Date())) }

    /// A progress event of that service's gate (a validator starting moves its line; other lines are not shown).
    func heard(_ name: String, _ event: Engine.Progress.Event) {
        guard case .validator(let id) = event else { return }
        lock.lock()
        if case .running(_, let since) = states[name] { states[name] = .running(validator: id, since: since) }
        lock.unlock()
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
                set(name, .done("failed \(report.phase.rawValue) in \(time)" + (failed.isEmpty ? "" : ": \(failed.joined(separator: ", "))")))
            }
        case .failed(_, _, let code):
            set(name, .done("error (exit \(code)) after \(time)"))
        }
    }

    /// Draws the final frame and ends the redraws.
    func stop() {
        draw()
        lock.lock(); stopped = true; lock.unlock()
    }

    private func set(_ name: String, _ state: State) {
        lock.lock(); states[name] = state; lock.unlock()
        draw()
    }

    /// Rewrites every line in place (cursor up over the previous frame, clear each line); lines are cut to the
    /// terminal's width so none wraps and throws the cursor arithmetic off.
    private func draw() {
        lock.lock(); defer { lock.unlock() }
        guard !stopped else { return }
        var text = drawn > 0 ? "\u{1B}[\(drawn)A" : ""
        for name in names {
            let padded = name.padding(toLength: max(nameWidth, name.count), withPad: " ", startingAt: 0)
            var line = "  \(padded)  \(describe(states[name] ?? .queued))"
            if line.count > width - 1 { line = String(line.prefix(width - 2)) + "…" }
            text += "\r\u{1B}[2K" + terminalSafe(line) + "\n"
        }
        drawn = names.count
        StandardStreams.out(text)
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
