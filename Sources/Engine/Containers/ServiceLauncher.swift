import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts containers of one service from its `RuntimeProfile`, always labelled and always removed:
/// `withContainer` removes the container when its body returns or throws (timeouts and failures included).
public struct ServiceLauncher {
    public let engine: ContainerEngine
    public let profile: RuntimeProfile

    public init(engine: ContainerEngine, profile: RuntimeProfile) {
        self.engine = engine
        self.profile = profile
    }

    /// A running service container and when (host clocks) `podman run` was started for it.
    public struct Started {
        public let id: String
        public let name: String
        public let start: HostInstant
        /// Seconds `podman run -d` itself took.
        public let runSeconds: Double
        /// Container TCP port → the 127.0.0.1 port it is published on.
        public let hostPorts: [Int: Int]
        /// Container UDP port → the 127.0.0.1 port it is published on.
        public var udpHostPorts: [Int: Int] = [:]
    }

    /// Starts a fresh container (the plan's image, command and config.env, TCP and UDP ports published to free
    /// 127.0.0.1 ports), runs `body`, and removes the container whatever happens.
    public func withContainer<T>(purpose: String, extraEnv: [String: String] = [:],
                                 _ body: (Started) throws -> T) throws -> T {
        let name = engine.runLabel.containerName(service: profile.service, purpose: purpose)
        var hostPorts: [Int: Int] = [:]
        for port in profile.tcpPorts { hostPorts[port] = FreePort.pick() }
        var udpHostPorts: [Int: Int] = [:]
        for port in profile.ports where port.proto == "udp" { udpHostPorts[port.number] = FreePort.pick(udp: true) }
        let request = RunRequest(
            image: profile.image, name: name, command: profile.command,
            env: profile.env.merging(extraEnv) { _, new in new },
            publish: hostPorts.sorted { $0.key < $1.key }.map { PortPublish(containerPort: $0.key, hostPort: $0.value) }
                + udpHostPorts.sorted { $0.key < $1.key }.map { PortPublish(containerPort: $0.key, proto: "udp", hostPort: $0.value) })
        let start = HostInstant.now()
        let id: String
        do {
            id = try engine.run(request)
        } catch {
            try? engine.remove(name)
            throw error
        }
        defer { try? engine.remove(id) }
        let started = Started(id: id, name: name, start: start, runSeconds: HostClock.monotonic() - start.monotonic,
                              hostPorts: hostPorts, udpHostPorts: udpHostPorts)
        return try body(started)
    }
}

/// Picks a free 127.0.0.1 TCP port by binding port 0 (podman then publishes on it; the race is harmless
/// in practice and avoids a `podman port` call between start and the first probe).
enum FreePort {
    static func pick(udp: Bool = false) -> Int? {
        let fd = socket(AF_INET, Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return nil }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
