import Foundation

/// Small POSIX sh programs run inside a service container by ONE `podman exec`, so that polling and timing
/// happen in the container (millisecond resolution) instead of paying ~180 ms per `podman exec`.
/// Commands from service.yaml are embedded single-quoted, word by word: never interpolated.
enum InContainerScript {
    /// `'a' 'b c'`: each word single-quoted for sh.
    static func quote(_ argv: [String]) -> String {
        argv.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    }

    /// `stamp` prints the time in the best clock the image has: GNU `date +%s%N`, busybox `ts '%.s'`
    /// (microseconds), else `/proc/uptime` (10 ms).
    static let stampFunction = """
        stamp() { t=$(date +%s%N 2>/dev/null); case "$t" in ''|*[!0-9]*) \
        t=$(echo | ts '%.s' 2>/dev/null | cut -d' ' -f1); case "$t" in ''|*[!0-9.]*) \
        echo "stamp uptime $(cut -d' ' -f1 /proc/uptime)";; *) echo "stamp epoch-s $t";; esac;; \
        *) echo "stamp epoch-ns $t";; esac; }
        nap() { sleep 0.005 2>/dev/null || usleep 5000 2>/dev/null || sleep 1; }
        """

    /// Waits for liveness then readiness, polling every 5 ms, printing a stamp after each.
    static func waitHealthy(liveness: [String]?, readiness: [String]) -> String {
        var lines = [stampFunction]
        if let liveness {
            lines.append("until \(quote(liveness)) >/dev/null 2>&1; do nap; done; echo live; stamp")
        }
        lines.append("until \(quote(readiness)) >/dev/null 2>&1; do nap; done; echo ready; stamp")
        return lines.joined(separator: "\n")
    }

    /// Runs `command` `count` times back to back with a stamp before each run and one at the end;
    /// prints each exit code. With `command` nil it times the stamp itself (the calibration run).
    static func timedProbes(_ command: [String]?, count: Int) -> String {
        let body = command.map { "\(quote($0)) >/dev/null 2>&1; echo \"rc $?\"" } ?? ": ; echo 'rc 0'"
        return [
            stampFunction,
            "i=0; while [ $i -lt \(count) ]; do stamp; \(body); i=$((i+1)); done; stamp",
        ].joined(separator: "\n")
    }

    /// One parsed `stamp …` line, converted to seconds after a host instant.
    static func seconds(fromStampLine line: Substring, since start: HostInstant) -> (seconds: Double, clock: String)? {
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[0] == "stamp", let value = Double(parts[2]) else { return nil }
        switch parts[1] {
        case "epoch-ns": return (value / 1e9 - start.wall, clockName(parts[1]))
        case "epoch-s": return (value - start.wall, clockName(parts[1]))
        case "uptime": return (value - start.boot, clockName(parts[1]))
        default: return nil
        }
    }

    /// How a stamp kind reads in evidence.
    static func clockName(_ kind: Substring) -> String {
        switch kind {
        case "epoch-ns": return "date +%s%N"
        case "epoch-s": return "busybox ts, µs"
        default: return "/proc/uptime, 10 ms resolution"
        }
    }

    /// All stamp lines of an output, in order, as raw clock values (seconds) with the clock name.
    static func stamps(in output: String) -> [(value: Double, clock: String)] {
        output.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "stamp", let value = Double(parts[2]) else { return nil }
            return (parts[1] == "epoch-ns" ? value / 1e9 : value, clockName(parts[1]))
        }
    }
}
