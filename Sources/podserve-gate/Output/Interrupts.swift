import Engine
import Foundation
import Locking
import Support

/// SIGINT/SIGTERM handling, installed once: children are terminated, every container of this run is
/// removed, and the process exits 130. SIGHUP (the terminal closed, an ssh session dropped) and SIGQUIT are
/// handled the same way: their default action would kill the process with the run's containers still running.
enum Interrupts {
    private struct State {
        var cleaned = false
        /// The engines this run uses; cleanup removes the run's containers on each (the local one when none is named).
        var engines: [EngineTarget] = []
    }

    private static let state = Locked(State())

    /// Remembers an engine the run starts containers on.
    static func register(_ engine: EngineTarget) {
        state.withLock { state in
            if !state.engines.contains(engine) { state.engines.append(engine) }
        }
    }

    static func install() {
        _ = sources
    }

    /// The running signal sources, made on first use (once, however often `install` is called) and kept for
    /// the life of the process.
    private static let sources = Locked([SIGINT, SIGTERM, SIGHUP, SIGQUIT].map(handler(for:)))

    /// A running signal source for `sig` (the signal itself ignored) that cleans up and exits 130.
    private static func handler(for sig: Int32) -> sending DispatchSourceSignal {
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
        return source
    }

    /// Removes every container and pod this run labelled; safe to call twice.
    /// The lock is held while the containers go, so a second caller returns only once they are gone.
    static func cleanUp() {
        state.withLock { state in
            guard !state.cleaned else { return }
            state.cleaned = true
            ChildRegistry.shared.allowCleanup()
            for engine in state.engines.isEmpty ? [.local] : state.engines {
                _ = Podman.removeEverything(runID: RunLabel.current.runID, target: engine)
            }
        }
    }
}
