import Foundation
import Support

/// Times a command inside a container: N runs back to back in ONE `podman exec`, each bracketed by the
/// container's own clock, so each figure is the command's time and not podman's.
package struct ProbeTimer {
    package let engine: ContainerEngine
    package init(engine: ContainerEngine) { self.engine = engine }

    /// Per-run durations (seconds, stamp overhead subtracted when calibrated) and exit codes.
    package struct Timing: Sendable {
        package var durations: [Double]
        package var exitCodes: [Int32]
        /// The clock the stamps came from, or "host (each run includes podman exec)" for the fallback.
        package var clock: String
        /// Median cost of one stamp, subtracted from every duration (0 when not calibrated).
        package var overhead: Double
    }

    /// Runs `command` `count` times; with `calibrate`, first times the stamp alone and subtracts its median.
    package func time(
        _ container: String, command: [String], count: Int, perProbeTimeout: Double,
        calibrate: Bool
    ) throws -> Timing {
        let budget = Double(count) * perProbeTimeout + 30
        let result = try engine.exec(
            container, ["sh", "-c", InContainerScript.timedProbes(command, count: count)],
            timeout: budget)
        if HealthWaiter.noShell(result) {
            return try timeEachExec(container, command: command, count: count, timeout: perProbeTimeout)
        }
        guard result.succeeded else {
            throw ContainerError.commandFailed(
                command: "podman exec \(container) sh -c <timing loop>",
                end: result.endDescription, output: result.excerpt(limit: 500))
        }
        let (raw, codes, clock) = Self.parse(result.stdoutText)
        var overhead = 0.0
        if calibrate {
            let cal = try engine.exec(
                container, ["sh", "-c", InContainerScript.timedProbes(nil, count: max(5, count / 2))],
                timeout: 30)
            overhead = Statistics.median(Self.parse(cal.stdoutText).durations) ?? 0
        }
        return Timing(durations: raw.map { max(0, $0 - overhead) }, exitCodes: codes, clock: clock, overhead: overhead)
    }

    static func parse(_ output: String) -> (durations: [Double], codes: [Int32], clock: String) {
        let stamps = InContainerScript.stamps(in: output)
        let codes = output.split(whereSeparator: \.isNewline).compactMap { line -> Int32? in
            line.hasPrefix("rc ") ? Int32(line.dropFirst(3)) : nil
        }
        let durations = zip(stamps, stamps.dropFirst()).map { $1.value - $0.value }
        return (durations, codes, stamps.first?.clock ?? "")
    }

    private func timeEachExec(_ container: String, command: [String], count: Int, timeout: Double) throws -> Timing {
        var durations: [Double] = []
        var codes: [Int32] = []
        for _ in 0..<count {
            let result = try engine.exec(container, command, timeout: timeout + 5)
            durations.append(result.duration)
            codes.append(result.timedOut ? -1 : (result.exitCode ?? -1))
        }
        return Timing(
            durations: durations, exitCodes: codes, clock: "host (each run includes podman exec)", overhead: 0)
    }
}
