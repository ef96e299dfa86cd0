import Foundation

/// ports-listening: every port service.yaml declares, tcp and udp, is bound inside a healthy container, read
/// from the container's own socket tables (`/proc/net/tcp`, `tcp6`, `udp`, `udp6` through `podman exec … cat`):
/// a tcp port must be in LISTEN state, a udp port bound and not connected. A service that is healthy but
/// forgot to bind `53/udp` fails here. Option `wait` (default 5 s): how long after readiness a port may
/// take to appear. Skipped when the plan declares no port.
struct PortsListeningValidator: RuntimeCheck {
    static let tables = ["tcp", "tcp6", "udp", "udp6"]

    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        let declared = input.profile.ports
        guard !declared.isEmpty else { return .skip("service.yaml declares no ports, so none must be listening") }
        if let unknown = declared.first(where: { $0.proto != "tcp" && $0.proto != "udp" }) {
            return .fail("port \(unknown.number)/\(unknown.proto) has a protocol other than tcp or udp")
        }
        if let missing = try input.requireImage() { return missing }
        let settle = try input.options.seconds("wait") ?? 5
        let timeout = try input.startTimeout()
        return try input.launcher.withContainer(purpose: "ports") { c in
            let wait = try input.waiter.wait(c, timeout: timeout)
            guard wait.healthy else {
                return .fail("the service never became healthy, so its ports were not read: \(wait.reason)")
            }
            let deadline = HostClock.monotonic() + settle
            guard var bound = try self.bound(input, c.id) else {
                return .fail(
                    "cannot read the container's socket tables: `cat /proc/net/tcp` failed in the container "
                        + "(the image needs `cat`, e.g. from busybox, for this check)")
            }
            while Self.missing(declared, bound) != [], HostClock.monotonic() < deadline, !input.isCancelled {
                usleep(250_000)
                bound = try self.bound(input, c.id) ?? bound
            }
            let missing = Self.missing(declared, bound)
            let names = declared.map { "\($0.number)/\($0.proto)" }
            let found = bound.sorted { ($0.proto, $0.number) < ($1.proto, $1.number) }.map {
                "\($0.number)/\($0.proto)"
            }
            let metrics: [String: MetricValue] = [
                "declared": .text(names.joined(separator: " ")), "bound": .text(found.joined(separator: " ")),
                "missing": .number(Double(missing.count)),
            ]
            guard missing.isEmpty else {
                let list = missing.map { "\($0.number)/\($0.proto)" }.joined(separator: ", ")
                return .fail(
                    "declared but not bound in the container: \(list) (bound: \(found.isEmpty ? "nothing" : found.joined(separator: ", ")))",
                    metrics: metrics, output: found.joined(separator: "\n"))
            }
            return .pass(
                "every declared port is bound in the container: \(names.joined(separator: ", "))",
                metrics: metrics, output: found.joined(separator: "\n"))
        }
    }

    /// Declared ports not found in the socket tables.
    static func missing(_ declared: [RuntimeProfile.Port], _ bound: Set<BoundPort>) -> [RuntimeProfile.Port] {
        declared.filter { !bound.contains(BoundPort(number: $0.number, proto: $0.proto)) }
    }

    /// The listening tcp and bound udp ports of the container, from its four socket tables; nil when none is readable.
    private func bound(_ input: RuntimeInput, _ container: String) throws -> Set<BoundPort>? {
        var ports: Set<BoundPort> = []
        var readAny = false
        for table in Self.tables {
            let result = try input.engine.exec(container, ["cat", "/proc/net/\(table)"], timeout: 10)
            guard result.succeeded else { continue }  // no tcp6/udp6 when IPv6 is off
            readAny = true
            ports.formUnion(Self.parse(result.stdoutText, proto: table.hasPrefix("tcp") ? "tcp" : "udp"))
        }
        return readAny ? ports : nil
    }

    /// Parses one `/proc/net/{tcp,udp}[6]` table: tcp sockets in LISTEN (state 0A), udp sockets with no remote
    /// peer (remote port 0000).
    static func parse(_ table: String, proto: String) -> Set<BoundPort> {
        var ports: Set<BoundPort> = []
        for line in table.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count > 3, let local = fields[1].split(separator: ":").last,
                let remote = fields[2].split(separator: ":").last, let port = Int(local, radix: 16)
            else { continue }
            let listening = proto == "tcp" ? fields[3] == "0A" : remote == "0000"
            if listening { ports.insert(BoundPort(number: port, proto: proto)) }
        }
        return ports
    }

    /// A port found bound in the container.
    struct BoundPort: Hashable {
        let number: Int
        let proto: String
    }
}
