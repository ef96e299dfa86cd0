import Foundation

/// Reads podman's JSON output (inspect, stats) into the engine's value types.
enum PodmanJSON {
    static func image(_ data: Data, command: String) throws -> ImageInfo {
        guard let first = try array(data, command: command).first else {
            throw ContainerError.unexpectedOutput(command: command, detail: "empty array")
        }
        let config = first["Config"] as? [String: Any] ?? [:]
        var env: [String: String] = [:]
        for entry in config["Env"] as? [String] ?? [] {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            env[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let ports = (config["ExposedPorts"] as? [String: Any]).map { Array($0.keys).sorted() } ?? []
        let labels = (config["Labels"] as? [String: String]) ?? (first["Labels"] as? [String: String]) ?? [:]
        return ImageInfo(
            id: first["Id"] as? String ?? "", digest: first["Digest"] as? String, user: config["User"] as? String ?? "",
            env: env, exposedPorts: ports, command: config["Cmd"] as? [String] ?? [],
            entrypoint: config["Entrypoint"] as? [String] ?? [], labels: labels)
    }

    static func state(_ data: Data, command: String) throws -> ContainerState {
        guard let first = try array(data, command: command).first, let state = first["State"] as? [String: Any] else {
            throw ContainerError.unexpectedOutput(command: command, detail: "no State object")
        }
        let health = (state["Health"] as? [String: Any]) ?? (state["Healthcheck"] as? [String: Any]) ?? [:]
        return ContainerState(
            status: state["Status"] as? String ?? "", running: state["Running"] as? Bool ?? false,
            exitCode: Int32(truncatingIfNeeded: (state["ExitCode"] as? NSNumber)?.intValue ?? 0),
            oomKilled: state["OOMKilled"] as? Bool ?? false, health: health["Status"] as? String ?? "",
            startedAt: (state["StartedAt"] as? String).flatMap(parseDate))
    }

    /// `podman stats --format json`: `mem_usage` is "438.3kB / 25.28GB" in podman 4.
    static func memory(_ data: Data, command: String) throws -> UInt64 {
        guard let first = try array(data, command: command).first else {
            throw ContainerError.unexpectedOutput(command: command, detail: "no stats (is the container running?)")
        }
        if let bytes = first["mem_usage_bytes"] as? NSNumber { return bytes.uint64Value }
        guard let usage = first["mem_usage"] as? String,
              let used = usage.split(separator: "/").first,
              let bytes = parseSize(String(used)) else {
            throw ContainerError.unexpectedOutput(command: command, detail: "no readable mem_usage")
        }
        return bytes
    }

    /// "438.3kB", "1.5MiB", "12B" → bytes (podman prints decimal units; binary ones are accepted too).
    static func parseSize(_ text: String) -> UInt64? {
        let s = text.trimmingCharacters(in: .whitespaces)
        let numberPart = s.prefix { $0.isNumber || $0 == "." }
        guard let value = Double(numberPart) else { return nil }
        let unit = s.dropFirst(numberPart.count).trimmingCharacters(in: .whitespaces).lowercased()
        let factors: [String: Double] = [
            "": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
            "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
        ]
        guard let factor = factors[unit] else { return nil }
        return UInt64((value * factor).rounded())
    }

    private static func array(_ data: Data, command: String) throws -> [[String: Any]] {
        do {
            guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
                throw ContainerError.unexpectedOutput(command: command, detail: "not a JSON array")
            }
            return list
        } catch let error as ContainerError {
            throw error
        } catch {
            throw ContainerError.unexpectedOutput(command: command, detail: "invalid JSON (\(error.localizedDescription))")
        }
    }

    private static func parseDate(_ text: String) -> Date? {
        // RFC 3339 with nanoseconds; ISO8601DateFormatter takes at most milliseconds, so trim the fraction.
        var s = text
        if let dot = s.firstIndex(of: "."), let zone = s[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }) {
            let fraction = s[s.index(after: dot)..<zone]
            s = String(s[..<dot]) + "." + String(fraction.prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0) + String(s[zone...])
        }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: s) ?? ISO8601DateFormatter().date(from: text)
    }
}
