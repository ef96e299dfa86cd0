import Engine
import Foundation
import Support

/// SIGINT/SIGTERM handling, installed once: children are terminated, every container of this run is
/// removed, and the process exits 130.
enum Interrupts {
    private static var sources: [DispatchSourceSignal] = []
    private static let lock = NSLock()
    private static var cleaned = false

    static func install() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                FileHandle.standardError.write(Data("\npodserve-gate: interrupted; removing containers…\n".utf8))
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
        _ = Podman.removeEverything(runID: RunLabel.current.runID)
    }
}
