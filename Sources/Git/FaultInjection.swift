import Foundation

/// Pause points for the crash-safety torture test (tests/torture): with `PODSERVE_GATE_PAUSE_AT=<point>` the
/// process announces the point on stderr and in `PODSERVE_GATE_PAUSE_FILE`, then sleeps so the test can
/// `kill -9` it exactly there (60 s, or `PODSERVE_GATE_PAUSE_SECONDS`). Without the variable this is a no-op.
enum FaultInjection {
    private static let point = ProcessInfo.processInfo.environment["PODSERVE_GATE_PAUSE_AT"]

    static func pause(at name: String) {
        guard let point, point == name else { return }
        if let file = ProcessInfo.processInfo.environment["PODSERVE_GATE_PAUSE_FILE"] {
            _ = FileManager.default.createFile(atPath: file, contents: Data("\(name) \(getpid())\n".utf8))
        }
        FileHandle.standardError.write(Data("podserve-gate: paused at \(name) (PODSERVE_GATE_PAUSE_AT)\n".utf8))
        let seconds = ProcessInfo.processInfo.environment["PODSERVE_GATE_PAUSE_SECONDS"].flatMap { UInt32($0) } ?? 60
        sleep(seconds)
    }
}
