import Foundation
import Locking
import Support

/// What `podman info` says about the engine a command uses: the host that runs the gates' containers, recorded in
/// evidence instead of the machine running the CLI when the engine is remote. Asked once per engine and process.
extension Podman {
    /// Fails with `ContainerError.engineUnreachable` (exit 3) naming the engine and the fix when it does not answer.
    package func requireReachable() throws {
        _ = try engineFacts()
    }

    /// `engine` (the URL without credentials or the connection name), `hostname`, `podman_version`, `os`,
    /// `kernel`, `arch`, `cpus`, `memory_bytes`: the keys of `ToolInfo.environment()` plus the engine's identity.
    package func engineFacts() throws -> [String: String] {
        try EngineFactsCache.shared.facts(for: target) {
            let args = ["info", "--format", "json"]
            let result = try runner.run(spec(args, timeout: callTimeout, outputLimit: 1 << 20))
            guard result.succeeded else {
                let words =
                    result.stderrText.split(whereSeparator: \.isNewline).last.map(String.init) ?? result.endDescription
                throw ContainerError.engineUnreachable(engine: target.display, detail: words, fix: target.reachFix)
            }
            return try Self.facts(fromInfo: result.stdout, target: target)
        }
    }

    package func environmentFacts() -> [String: String]? {
        guard target.isRemote else { return nil }
        do { return try engineFacts() } catch {
            // Still name the engine: evidence must never pass the CLI machine off as the one that ran the gate.
            return [
                "engine": target.display, "engine_error": (error as? LocalizedError)?.errorDescription ?? "\(error)",
            ]
        }
    }

    /// Reads `podman info --format json`.
    static func facts(fromInfo data: Data, target: EngineTarget) throws -> [String: String] {
        guard let info = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let host = info["host"] as? [String: Any]
        else {
            throw ContainerError.unexpectedOutput(command: "podman info --format json", detail: "no host object")
        }
        var facts: [String: String] = ["engine": target.display]
        func text(_ value: Any?) -> String? { value.map { "\($0)" } }
        facts["hostname"] = text(host["hostname"])
        facts["kernel"] = text(host["kernel"])
        facts["arch"] = text(host["arch"])
        facts["cpus"] = text(host["cpus"])
        facts["memory_bytes"] = text(host["memTotal"])
        let distribution = host["distribution"] as? [String: Any]
        let os = [text(host["os"]), text(distribution?["distribution"]), text(distribution?["version"])].compactMap {
            $0
        }
        facts["os"] = os.joined(separator: " ")
        facts["podman_version"] = text((info["version"] as? [String: Any])?["Version"])
        return facts
    }
}

/// One answer per engine and process, shared by every `Podman` value (they are rebuilt freely).
final class EngineFactsCache: Sendable {
    static let shared = EngineFactsCache()
    private let known = Locked<[EngineTarget: [String: String]]>([:])

    func facts(for target: EngineTarget, ask: () throws -> [String: String]) throws -> [String: String] {
        if let facts = known.withLock({ $0[target] }) { return facts }
        let facts = try ask()
        known.withLock { $0[target] = facts }
        return facts
    }
}
