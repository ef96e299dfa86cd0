import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Starts containers of one service from its `RuntimeProfile`, always labelled and always removed:
/// `withContainer` removes the container when its body returns or throws (timeouts and failures included).
package struct ServiceLauncher {
    package let engine: ContainerEngine
    package let profile: RuntimeProfile

    package init(engine: ContainerEngine, profile: RuntimeProfile) {
        self.engine = engine
        self.profile = profile
    }

    /// A running service container and when (host clocks) `podman run` was started for it.
    package struct Started {
        package let id: String
        package let name: String
        package let start: HostInstant
        /// Seconds `podman run -d` itself took.
        package let runSeconds: Double
        /// Container TCP port → the port it is published on at `probeHost`.
        package let hostPorts: [Int: Int]
        /// Container UDP port → the port it is published on at `probeHost`.
        package var udpHostPorts: [Int: Int] = [:]
        /// Where host-side probes reach the published ports (the engine's `ProbeAddress.host`).
        package var probeHost: String = ProbeAddress.loopback.host
    }

    /// Starts a fresh container (the plan's image, command and config.env, TCP and UDP ports published on the
    /// engine's `ProbeAddress.publishIP`), runs `body`, and removes the container whatever happens. On loopback the
    /// host ports are picked free here first (no `podman port` call before the first probe); on another host
    /// podman picks them there and they are read back.
    package func withContainer<T>(
        purpose: String, extraEnv: [String: String] = [:],
        _ body: (Started) throws -> T
    ) throws -> T {
        let name = engine.runLabel.containerName(service: profile.service, purpose: purpose)
        let address = engine.probeAddress
        let pickHere = address.isLoopback
        var hostPorts: [Int: Int?] = [:]
        for port in profile.tcpPorts {
            hostPorts.updateValue(pickHere ? FreePort.pick(on: address.publishIP) : nil, forKey: port)
        }
        var udpHostPorts: [Int: Int?] = [:]
        for port in profile.ports where port.proto == "udp" {
            udpHostPorts.updateValue(
                pickHere ? FreePort.pick(on: address.publishIP, udp: true) : nil, forKey: port.number)
        }
        let ip = address.publishIP
        let request = RunRequest(
            image: profile.image, name: name, command: profile.command,
            env: profile.env.merging(extraEnv) { _, new in new },
            publish: hostPorts.sorted { $0.key < $1.key }
                .map { PortPublish(containerPort: $0.key, hostIP: ip, hostPort: $0.value) }
                + udpHostPorts.sorted { $0.key < $1.key }
                .map { PortPublish(containerPort: $0.key, proto: "udp", hostIP: ip, hostPort: $0.value) })
        let start = HostInstant.now()
        let id: String
        do {
            id = try engine.run(request)
        } catch {
            try? engine.remove(name)
            throw error
        }
        defer { try? engine.remove(id) }
        let runSeconds = HostClock.monotonic() - start.monotonic
        func published(_ ports: [Int: Int?], proto: String) throws -> [Int: Int] {
            var known: [Int: Int] = [:]
            for (port, picked) in ports {
                known[port] = try picked ?? engine.hostPort(id, containerPort: port, proto: proto)
            }
            return known
        }
        var started = Started(
            id: id, name: name, start: start, runSeconds: runSeconds,
            hostPorts: try published(hostPorts, proto: "tcp"),
            udpHostPorts: try published(udpHostPorts, proto: "udp"))
        started.probeHost = address.host
        return try body(started)
    }
}

/// Picks a free loopback TCP (or UDP) port by binding port 0 on `ip` (podman then publishes on it; the race is
/// harmless in practice and avoids a `podman port` call between start and the first probe).
enum FreePort {
    static func pick(on ip: String = "127.0.0.1", udp: Bool = false) -> Int? {
        let fd = socket(AF_INET, Int32(udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        inet_pton(AF_INET, ip, &addr.sin_addr)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
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
