import Foundation

/// Which Podman engine every podman call of a command goes to: the local one, a URL (`unix://…`, `ssh://…`,
/// `tcp://…`) or a named `podman system connection`. The flag (for a URL, `CONTAINER_HOST`) is added to every podman
/// call in one place (`Podman.spec`), so builds, runs, pods and the cleanup after a failure or Ctrl-C all reach the
/// same engine.
package enum EngineTarget: Sendable, Equatable, Hashable {
    case local
    case url(String)
    case connection(String)

    /// `--url` wins over `--connection`; without either, podman's own variables `CONTAINER_HOST` and then
    /// `CONTAINER_CONNECTION` name the engine, exactly as podman itself reads them.
    package static func resolve(url: String?, connection: String?, environment: [String: String]) -> EngineTarget {
        if let url, !url.isEmpty { return .url(url) }
        if let connection, !connection.isEmpty { return .connection(connection) }
        if let host = environment["CONTAINER_HOST"], !host.isEmpty { return .url(host) }
        if let name = environment["CONTAINER_CONNECTION"], !name.isEmpty { return .connection(name) }
        return .local
    }

    package var isRemote: Bool { self != .local }

    /// The global podman flags that select this engine (none for the local one, and none for a URL: it goes in
    /// `CONTAINER_HOST`, see `podmanEnvironment`). Values are joined to their flag (`--connection=name`) so a
    /// name that starts with `-` is never read by podman as a flag of its own.
    package var arguments: [String] {
        switch self {
        case .local, .url: return []
        case .connection(let name): return ["--connection=\(name)"]
        }
    }

    /// The environment a podman call runs with: for a URL, the current one with `CONTAINER_HOST` set to it (and
    /// `CONTAINER_CONNECTION` removed), since a URL may hold a password and a process's arguments are readable by
    /// every local user (`ps`), its environment only by its owner; nil (inherit) otherwise.
    package var podmanEnvironment: [String: String]? {
        guard case .url(let url) = self else { return nil }
        var environment = ProcessInfo.processInfo.environment
        environment["CONTAINER_CONNECTION"] = nil
        environment["CONTAINER_HOST"] = url
        return environment
    }

    /// `arguments` as messages show them (no password in a URL).
    package var displayArguments: [String] {
        switch self {
        case .local: return []
        case .url(let url): return ["--url", Self.withoutCredentials(url)]
        case .connection(let name): return ["--connection", name]
        }
    }

    /// The variables that send a child's own podman calls (integration tests, base-image recipes, command
    /// validators) to this engine (none for the local one: `resolve` only picks it when neither variable is set).
    package var childEnvironment: [String: String] {
        switch self {
        case .local: return [:]
        case .url(let url): return ["CONTAINER_HOST": url]
        case .connection(let name): return ["CONTAINER_CONNECTION": name]
        }
    }

    /// How messages and evidence name the engine: the URL without a password (`ssh://user@host/…`), or the
    /// connection's name; `local` for the local engine.
    package var display: String {
        switch self {
        case .local: return "local"
        case .connection(let name): return "connection \(name)"
        case .url(let url): return Self.withoutCredentials(url)
        }
    }

    /// `ssh://user:secret@host:22/run/podman.sock?secure=true` → `ssh://user@host:22/run/podman.sock`: the password
    /// and query parameters (which may name identity files or tokens) are dropped.
    static func withoutCredentials(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.scheme != nil else { return url }
        parts.password = nil
        parts.query = nil
        return parts.string ?? url
    }

    /// The fix an unreachable engine's message ends with.
    package var reachFix: String {
        switch self {
        case .local:
            return "run `podserve-gate doctor` (podman must work locally; scripts/setup-podman.sh)"
        case .url(let url) where url.hasPrefix("unix://"):
            return "start the engine (`podman system service --time=0 \(Self.withoutCredentials(url))`), or pass "
                + "another --url / unset CONTAINER_HOST to use the local engine"
        case .url:
            return
                "start `podman system service` on that host (or `systemctl --user start podman.socket`) and check the "
                + "URL, key and network with `podman --url … info`; or unset CONTAINER_HOST to use the local engine"
        case .connection(let name):
            return "check it with `podman --connection \(name) info` and `podman system connection list`; or unset "
                + "CONTAINER_CONNECTION to use the local engine"
        }
    }
}
