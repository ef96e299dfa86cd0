import Foundation
import Locking
import Support

/// Where host-side probes (TCP readiness, response time, load) connect to a container's published ports, and the
/// host address the engine publishes them on: both follow the engine, so a gate on `ssh://ci@build-7/…` probes
/// `build-7`, not this machine's loopback.
///
/// The engine decides where ports are published: on loopback when it runs on this machine (the local engine, a
/// `unix://` socket, a URL naming `localhost`, `::1` or a `127.x.y.z` address — that very address), otherwise on all
/// of its host's interfaces (`0.0.0.0`, reachable from the CLI machine for the gate's duration). The probe host is
/// the engine URL's host (`tcp://h:port`, `ssh://user@h:22/…`), unless `--probe-host` / `PODSERVE_PROBE_HOST`
/// overrides it: that only changes how this machine reaches the engine's host (a NAT address, a tunnel, another
/// name), never where the engine publishes.
package struct ProbeAddress: Sendable, Equatable, Hashable {
    /// What probes connect to: an IPv4/IPv6 literal or a host name (resolved when probing).
    package var host: String
    /// The host IP of `podman run -p IP::PORT` on the engine's host.
    package var publishIP: String
    /// Where `host` came from, for evidence and messages ("local engine", "engine URL", "--probe-host"…).
    package var origin: String

    package init(host: String, publishIP: String, origin: String) {
        self.host = host
        self.publishIP = publishIP
        self.origin = origin
    }

    /// The local engine: loopback both ways, as before there was a choice.
    package static let loopback = ProbeAddress(host: "127.0.0.1", publishIP: "127.0.0.1", origin: "local engine")

    /// True when the ports are published on this machine's loopback, so a free port can be picked here before
    /// `podman run`; otherwise podman picks one on the engine's host and it is read back with `podman port`.
    package var isLoopback: Bool { publishIP != "0.0.0.0" }

    /// The host part of an engine URL: `tcp://h:8888` → `h`, `ssh://user@h:22/run/podman.sock` → `h`,
    /// `ssh://user@[fd00::1]/…` → `fd00::1`; `unix://…` (and anything without a host) → nil, meaning this machine.
    package static func host(ofEngineURL url: String) -> String? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), scheme != "unix" else {
            return nil
        }
        guard var host = parts.host, !host.isEmpty else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host
    }

    /// True for names and literals that mean this machine's loopback.
    static func isLoopbackName(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || isLoopbackIPv4(host)
    }

    static func isLoopbackIPv4(_ host: String) -> Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The address for an engine whose URL is `url` (nil: the local engine), with an optional override of the host.
    /// A loopback engine host publishes on that loopback address (`localhost` and `::1` on 127.0.0.1).
    package static func forEngine(url: String?, override: (host: String, origin: String)? = nil) -> ProbeAddress {
        var address = ProbeAddress.loopback
        if let url {
            if let host = Self.host(ofEngineURL: url) {
                let loopback = isLoopbackName(host)
                let literal = isLoopbackIPv4(host) ? host : "127.0.0.1"
                address = ProbeAddress(
                    host: loopback ? literal : host, publishIP: loopback ? literal : "0.0.0.0",
                    origin: "engine URL")
            } else {
                address.origin = "engine socket on this machine"
            }
        }
        if let override {
            address.host = override.host
            address.origin = override.origin
        }
        return address
    }

    /// Evidence's record of it: `probe_host` and `probe_host_from`.
    package var facts: [String: String] { ["probe_host": host, "probe_host_from": origin] }

    /// `host:port` as messages show it (IPv6 in brackets).
    package static func endpoint(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension Podman {
    /// This engine's probe address: from its URL, or for a connection from the URL `podman system connection list`
    /// names (asked once per connection and process); `override` replaces the host (`--probe-host`).
    package func resolvedProbeAddress(override: (host: String, origin: String)?) -> ProbeAddress {
        switch target {
        case .local: return ProbeAddress.forEngine(url: nil, override: override)
        case .url(let url): return ProbeAddress.forEngine(url: url, override: override)
        case .connection(let name):
            guard let url = ConnectionURLCache.shared.url(of: name, ask: { connectionURL(name) }) else {
                // Unknown connection: the reachability check fails next with the fix; probe this machine meanwhile.
                var address = ProbeAddress.forEngine(url: nil, override: override)
                if override == nil { address.origin = "connection \(name) (its URL is unknown)" }
                return address
            }
            var address = ProbeAddress.forEngine(url: url, override: override)
            if override == nil { address.origin = "connection \(name)'s URL" }
            return address
        }
    }

    /// The URI of a `podman system connection` (a local podman call: connections live in this machine's config).
    func connectionURL(_ name: String) -> String? {
        let spec = ProcessSpec(executable, ["system", "connection", "list", "--format", "json"], timeout: callTimeout)
        guard let result = try? runner.run(spec), result.succeeded,
            let list = try? JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]
        else { return nil }
        return list.first { $0["Name"] as? String == name }?["URI"] as? String
    }
}

/// One `podman system connection list` per connection and process.
final class ConnectionURLCache: Sendable {
    static let shared = ConnectionURLCache()
    private let known = Locked<[String: String?]>([:])

    func url(of name: String, ask: () -> String?) -> String? {
        if let url = known.withLock({ $0[name] }) { return url }
        let url = ask()
        known.withLock { $0[name] = url }
        return url
    }
}
