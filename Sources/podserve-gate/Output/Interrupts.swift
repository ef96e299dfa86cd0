import Engine
import Foundation
import Support

/// SIGINT/SIGTERM handling, installed once: children are terminated, every container of this run is
/// removed, and the process exits 130. SIGHUP (the terminal closed, an ssh session dropped) and SIGQUIT are
/// handled the same way: their default action would kill the process with the run's containers still running.
enum Interrupts {
    private static var sources: [DispatchSourceSignal] = []
    private static let lock = NSLock()
    private static var cleaned = false
    /// The engines this run uses; cleanup removes the run's containers on each (the local one when none is named).
    private static var engines: [EngineTarget] = []

    /// Remembers an engine the run starts containers on.
    static func register(_ engine: EngineTarget) {
        lock.lock()
        defer { lock.unlock() }
        if !engines.contains(engine) { engines.append(engine) }
    }

    static func install() {
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                StandardStreams.err("\npodserve-gate: interrupted; removing containers…\n")
                ChildRegistry.shared.cancelAll()
                cleanUp()
                // A transition commit under way finishes first, so git is never left half-written.
                ChildRegistry.shared.waitForCritical()
                exit(130)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Removes every container and pod this run labelled; safe to call twice.
    static func cleanUp() {
        lock.lock()
        defer { lock.unlock() }
        guard !cleaned else { return }
        cleaned = true
        ChildRegistry.shared.allowCleanup()
        for engine in engines.isEmpty ? [.local] : engines {
            _ = Podman.removeEverything(runID: RunLabel.current.runID, target: engine)
        }
    }
}
