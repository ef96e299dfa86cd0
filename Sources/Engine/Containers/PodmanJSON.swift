import Domain
import Foundation

/// Reads podman's JSON output (inspect, stats) into the engine's value types, through `Decodable` shapes of
/// just the fields used. Podman versions differ in which fields they fill and how (`null`, missing, a
/// number where another version prints a string), so every field is read leniently: one that is absent or
/// of another type reads as absent, as it always has; only a document that is no JSON array is an error.
enum PodmanJSON {
    static func image(_ data: Data, command: String) throws -> ImageInfo {
        guard let first = try array(ImageInspect.self, data, command: command).first else {
            throw ContainerError.unexpectedOutput(command: command, detail: "empty array")
        }
        let config = first.config
        var env: [String: String] = [:]
        for entry in config?.env ?? [] {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            env[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return ImageInfo(
            id: first.id ?? "", digest: first.digest, user: config?.user ?? "", env: env,
            exposedPorts: config?.exposedPorts?.sorted() ?? [], command: config?.cmd ?? [],
            entrypoint: config?.entrypoint ?? [], labels: config?.labels ?? first.labels ?? [:])
    }

    static func state(_ data: Data, command: String) throws -> ContainerState {
        guard let first = try array(ContainerInspect.self, data, command: command).first, let state = first.state else {
            throw ContainerError.unexpectedOutput(command: command, detail: "no State object")
        }
        return ContainerState(
            status: state.status ?? "", running: state.running ?? false,
            exitCode: Int32(truncatingIfNeeded: state.exitCode ?? 0), oomKilled: state.oomKilled ?? false,
            health: (state.health ?? state.healthcheck)?.status ?? "", startedAt: state.startedAt.flatMap(parseDate))
    }

    /// `podman stats --format json`: `mem_usage` is "438.3kB / 25.28GB" in podman 4.
    static func memory(_ data: Data, command: String) throws -> UInt64 {
        guard let first = try array(Stats.self, data, command: command).first else {
            throw ContainerError.unexpectedOutput(command: command, detail: "no stats (is the container running?)")
        }
        if let bytes = first.memUsageBytes { return bytes }
        guard let usage = first.memUsage,
            let used = usage.split(separator: "/").first,
            let bytes = parseSize(String(used))
        else {
            throw ContainerError.unexpectedOutput(command: command, detail: "no readable mem_usage")
        }
        return bytes
    }

    /// "438.3kB", "1.5MiB", "12B", "12" → bytes: Domain's size grammar, with a bare number read as bytes
    /// (podman prints decimal units; binary ones are accepted too).
    static func parseSize(_ text: String) -> UInt64? {
        guard let size = try? ByteSize(parsing: text, bareNumber: .baseUnit), size.bytes >= 0 else { return nil }
        return UInt64(size.bytes)
    }

    private static func array<T: Decodable>(_ type: T.Type, _ data: Data, command: String) throws -> [T] {
        do {
            return try JSONDecoder().decode([T].self, from: data)
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw ContainerError.unexpectedOutput(command: command, detail: "not a JSON array")
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.count == 1 {
            // An element that is no object (`[1]`): what the untyped reader called "not a JSON array" too.
            throw ContainerError.unexpectedOutput(command: command, detail: "not a JSON array")
        } catch {
            throw ContainerError.unexpectedOutput(
                command: command, detail: "invalid JSON (\(error.localizedDescription))")
        }
    }

    private static func parseDate(_ text: String) -> Date? {
        // RFC 3339 with nanoseconds; ISO8601DateFormatter takes at most milliseconds, so trim the fraction.
        var s = text
        if let dot = s.firstIndex(of: "."),
            let zone = s[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" })
        {
            let fraction = s[s.index(after: dot)..<zone]
            s =
                String(s[..<dot]) + "." + String(fraction.prefix(3)).padding(toLength: 3, withPad: "0", startingAt: 0)
                + String(s[zone...])
        }
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.date(from: s) ?? ISO8601DateFormatter().date(from: text)
    }
}

// MARK: - The shapes read

/// `podman image inspect`: one object per image.
private struct ImageInspect: Decodable {
    let id: String?
    let digest: String?
    let labels: [String: String]?
    let config: Config?

    struct Config: Decodable {
        let env: [String]?
        /// The keys of `ExposedPorts` (`53/udp`); the values are empty objects.
        let exposedPorts: [String]?
        let labels: [String: String]?
        let user: String?
        let cmd: [String]?
        let entrypoint: [String]?

        enum CodingKeys: String, CodingKey {
            case env = "Env", exposedPorts = "ExposedPorts", labels = "Labels", user = "User", cmd = "Cmd"
            case entrypoint = "Entrypoint"
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            env = c.lenient([String].self, .env)
            exposedPorts = c.lenient([String: Ignored].self, .exposedPorts).map { Array($0.keys) }
            labels = c.lenient([String: String].self, .labels)
            user = c.lenient(String.self, .user)
            cmd = c.lenient([String].self, .cmd)
            entrypoint = c.lenient([String].self, .entrypoint)
        }
    }

    enum CodingKeys: String, CodingKey { case id = "Id", digest = "Digest", labels = "Labels", config = "Config" }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.lenient(String.self, .id)
        digest = c.lenient(String.self, .digest)
        labels = c.lenient([String: String].self, .labels)
        config = c.lenient(Config.self, .config)
    }
}

/// `podman container inspect`: the `State` object.
private struct ContainerInspect: Decodable {
    let state: State?

    struct State: Decodable {
        let status: String?
        let running: Bool?
        let exitCode: Int?
        let oomKilled: Bool?
        let health: Health?
        /// Podman 4 names it `Healthcheck`, later versions `Health`.
        let healthcheck: Health?
        let startedAt: String?

        enum CodingKeys: String, CodingKey {
            case status = "Status", running = "Running", exitCode = "ExitCode", oomKilled = "OOMKilled"
            case health = "Health", healthcheck = "Healthcheck", startedAt = "StartedAt"
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            status = c.lenient(String.self, .status)
            running = c.lenient(Bool.self, .running)
            exitCode = c.lenient(Int.self, .exitCode) ?? c.lenient(Double.self, .exitCode).map { Int($0) }
            oomKilled = c.lenient(Bool.self, .oomKilled)
            health = c.lenient(Health.self, .health)
            healthcheck = c.lenient(Health.self, .healthcheck)
            startedAt = c.lenient(String.self, .startedAt)
        }
    }

    struct Health: Decodable {
        let status: String?
        enum CodingKeys: String, CodingKey { case status = "Status" }
        init(from decoder: Decoder) throws {
            status = try decoder.container(keyedBy: CodingKeys.self).lenient(String.self, .status)
        }
    }

    enum CodingKeys: String, CodingKey { case state = "State" }

    init(from decoder: Decoder) throws {
        state = try decoder.container(keyedBy: CodingKeys.self).lenient(State.self, .state)
    }
}

/// `podman stats --format json`: one object per container.
private struct Stats: Decodable {
    let memUsageBytes: UInt64?
    let memUsage: String?

    enum CodingKeys: String, CodingKey { case memUsageBytes = "mem_usage_bytes", memUsage = "mem_usage" }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        memUsageBytes =
            c.lenient(UInt64.self, .memUsageBytes) ?? c.lenient(Double.self, .memUsageBytes).map { UInt64(max(0, $0)) }
        memUsage = c.lenient(String.self, .memUsage)
    }
}

/// A JSON value whose content does not matter (the empty objects of `ExposedPorts`).
private struct Ignored: Decodable {
    init(from decoder: Decoder) throws {}
}

extension KeyedDecodingContainer {
    /// The value at `key`, or nil when it is missing, `null` or of another type.
    fileprivate func lenient<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }
}
