import Engine
import Foundation

/// Checks a `--probe-host` / PODSERVE_PROBE_HOST value: a host name or an IPv4/IPv6 literal (brackets dropped),
/// never a URL or a list, so a typo fails before any container starts instead of as a probe timeout.
enum ProbeHostOverride {
    /// The host to probe, or nil when `value` is not a host name or IP address.
    static func normalized(_ value: String) -> String? {
        var host = value.trimmingCharacters(in: .whitespaces)
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, host.count <= 253 else { return nil }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:_%")
        guard host.unicodeScalars.allSatisfy(allowed.contains), !host.hasPrefix("-") else { return nil }
        // `:` and `%` belong to IPv6 literals (and their zone) only: `build-7:8080` is a host and a port, not a host.
        if host.contains(":") || host.contains("%") {
            let parts = host.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)
            var address = in6_addr()
            guard inet_pton(AF_INET6, String(parts[0]), &address) == 1 else { return nil }
            if parts.count == 2, parts[1].isEmpty || parts[1].contains(":") || parts[1].contains("%") { return nil }
        }
        return host
    }

    /// An unusable PODSERVE_PROBE_HOST (bad input: exit 2).
    struct Invalid: Error, LocalizedError {
        let value: String
        var errorDescription: String? {
            "PODSERVE_PROBE_HOST '\(value)' is not a host name or IP address; set it to e.g. 192.0.2.7 or build-7.example, or unset it to probe the engine URL's host"
        }
    }
}
