import ArgumentParser
import Domain
import Engine
import Foundation
import Locking
import Support

/// `--jobs N` and `--engines a,b` of `check` and `advance` over several services. Worker k runs its services on
/// engine k mod count, so every engine gets max(N, count) / count workers; each engine needs the images.
struct ParallelOptions: ParsableArguments {
    @Option(help: "Run up to N services' gates at once (threads; default 1: one after another).")
    var jobs = 1
    @Option(
        help: ArgumentHelp(
            "Spread the services over these engines (podman connections, or URLs with ://).",
            valueName: "a,b"))
    var engines: String?

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs \(jobs): pass a number of jobs of at least 1") }
        if let engines, engineList(engines).isEmpty {
            throw ValidationError(
                "--engines '\(engines)' names no engine; pass connection names or URLs, comma-separated")
        }
    }

    /// A service named twice is a usage error (64): a serial `advance dns dns` would run two gates of dns in a row,
    /// a parallel one would find its own lock taken; `check` would judge it twice.
    static func refuseRepeats(_ services: [String], command: String) throws {
        var seen: Set<String> = []
        for name in services where !seen.insert(name).inserted {
            throw ValidationError(
                "\(name) is named twice; name each service once (\(command) runs one gate per service)")
        }
    }

    /// Each entry as an engine: `unix://…` / `ssh://…` / `tcp://…` are URLs, anything else a connection name.
    var targets: [EngineTarget] { engines.map(engineList) ?? [] }

    private func engineList(_ text: String) -> [EngineTarget] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .map { $0.contains("://") ? .url($0) : .connection($0) }
    }
}

/// Runs one gate per service through `GateScheduler`. Each worker thread gets its own `EngineFactory` (its own
/// repository handle: libgit2 handles are not shared between threads) on its engine (`--engines`, round robin by
/// worker; else the global one) and tags its progress lines with the service; results come back in the given order.
struct GateBatch {
    let globals: GlobalOptions
    let parallel: ParallelOptions
    /// Table output: a parallel run on a terminal may show the `LiveBoard` (JSON output never does).
    var table = false

    /// `body` runs one service's gate; an error becomes that service's `.failed` entry with its exit code, never
    /// the end of the run. An interrupt ends it (no further service starts; its error is rethrown, so the CLI
    /// cleans up and exits 130), and `singleThrows` keeps a one-service run's error a plain error (as `check` had).
    func run(
        _ names: [String], first: EngineFactory, advancing: Bool, singleThrows: Bool = false,
        _ body: @escaping @Sendable (EngineFactory, Engine.Progress, String) throws -> GateRunResult
    ) throws -> [GateRunResult] {
        let results = try schedule(names, first: first, advancing: advancing, body)
        for case .failed(_, let error, let code) in results
        where code == ExitCodes.interrupted || (singleThrows && names.count == 1) {
            throw error
        }
        return results
    }

    private func schedule(
        _ names: [String], first: EngineFactory, advancing: Bool,
        _ body: @escaping @Sendable (EngineFactory, Engine.Progress, String) throws -> GateRunResult
    ) throws -> [GateRunResult] {
        let targets = parallel.targets
        // Every engine named gets at least one worker: `--engines a,b` alone runs two gates at once.
        let jobs = min(max(parallel.jobs, targets.count), max(1, names.count))
        // Each worker's factory (and so its repository handle) is its own, in a box only that worker opens; the
        // first worker on the global engine gets a factory of its own too, made like `first`.
        var factories: [Locked<EngineFactory>] = []
        for worker in 0..<jobs {
            if worker == 0 && targets.isEmpty { factories.append(Locked(try EngineFactory(globals))); continue }
            var options = globals
            if !targets.isEmpty {
                switch targets[worker % targets.count] {
                case .url(let url): (options.url, options.connection) = (url, nil)
                case .connection(let name): (options.url, options.connection) = (nil, name)
                case .local: break
                }
            }
            let factory = try EngineFactory(options)
            try factory.requireEngine()
            factories.append(Locked(factory))
        }
        // Names are scheduled as typed (one that is no valid name gets its own error entry, in order); the waits
        // are between the valid ones.
        let waits = GateScheduler.waits(
            services: names.compactMap(ServiceName.init(rawValue:)), workspace: first.workspace, advancing: advancing
        ).reduce(into: [String: Set<String>]()) { $0[$1.key.rawValue] = Set($1.value.map(\.rawValue)) }
        let parallelRun = jobs > 1
        // On a terminal, one redrawn line per service replaces the tagged progress lines (which stay for logs).
        let board =
            LiveBoard.wanted(parallel: parallelRun, table: table, level: first.progress.level) ? LiveBoard(names) : nil
        board?.start()
        defer { board?.stop() }
        return GateScheduler(jobs: jobs).run(names, waits: waits) { [factories] name, worker in
            factories[worker].withLock { factory in
                Self.runOne(factory, name: name, worker: worker, jobs: jobs, board: board, body)
            }
        }
    }

    /// One service's gate on `worker`'s factory; its error becomes the service's `.failed` entry.
    private static func runOne(
        _ factory: EngineFactory, name: String, worker: Int, jobs: Int, board: LiveBoard?,
        _ body: (EngineFactory, Engine.Progress, String) throws -> GateRunResult
    ) -> GateRunResult {
        let parallelRun = jobs > 1
        let tagged = parallelRun ? factory.progress.tagged(name) : factory.progress
        // Tagged lines still go to a stderr that is not the terminal (`2>log`); on the terminal the board says it.
        let logged = isatty(STDERR_FILENO) == 0 ? tagged : nil
        let progress =
            board.map { board in
                factory.progress.observed { event in
                    board.heard(name, event)
                    if case .line(let text) = event { logged?.step(text) }
                }
            } ?? tagged
        board?.began(name)
        if parallelRun {
            progress.step("started on \(factory.engine.display) engine (worker \(worker + 1) of \(jobs))")
        }
        let started = Date()
        let result: GateRunResult
        do {
            result = try body(factory, progress, name)
        } catch {
            result = .failed(service: name, error: error, code: ExitCodes.code(for: error))
        }
        let seconds = Date().timeIntervalSince(started)
        board?.finished(name, result, seconds: seconds)
        if parallelRun { progress.step("finished in \(String(format: "%.1f", seconds)) s") }
        return result
    }

    /// The most serious outcome of the run (environment 3, bad input 2, gate failed 1, else 0).
    static func code(_ results: [GateRunResult]) -> Int32 {
        results.reduce(0) { code, result in
            switch result {
            case .ran(let report, _, _):
                // An advance commits exactly when its gate passed.
                return report.passed ? code : ExitCodes.worst(code, ExitCodes.gateFailed)
            case .failed(_, _, let failure):
                return ExitCodes.worst(code, failure)
            }
        }
    }
}
