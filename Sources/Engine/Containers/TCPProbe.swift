import Foundation
import Locking

#if canImport(Glibc)
    import Glibc
#endif

/// Host-side TCP connects to a published port: the cheapest sound readiness probe for a port check
/// (rootful podman forwards with DNAT, so a connect is refused until the service listens in the container).
package enum TCPProbe {
    /// `unresolved`: the host name has no address.
    package enum Result: Equatable { case connected, refused, timedOut, unresolved, error(Int32) }

    /// One connect to `host:port` that gives up after `timeout` seconds; the socket is closed at once.
    package static func connect(host: String = "127.0.0.1", port: Int, timeout: Double) -> Result {
        guard let address = SocketAddress.resolve(host, port: port) else { return .unresolved }
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .error(errno) }
        defer { close(fd) }
        return connect(fd: fd, to: address, timeout: timeout)
    }

    /// Connects an open socket (made non-blocking here, of `address.family`) within `timeout`; the caller closes it.
    static func connect(fd: Int32, to address: SocketAddress, timeout: Double) -> Result {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var storage = address.storage
        let rc = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, address.length) }
        }
        if rc == 0 { return .connected }
        guard errno == EINPROGRESS else { return errno == ECONNREFUSED ? .refused : .error(errno) }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&pfd, 1, Int32(max(1, timeout * 1000)))
        if ready == 0 { return .timedOut }
        var soError: Int32 = 0
        var len = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len)
        if soError == 0 { return .connected }
        return soError == ECONNREFUSED ? .refused : .error(soError)
    }

    /// Polls every `interval` until a connect succeeds, `deadline` (monotonic) passes or `stop()` says so.
    /// Returns the monotonic time of the first successful connect.
    package static func waitUntilOpen(
        host: String = "127.0.0.1", port: Int, interval: Double = 0.005, deadline: Double,
        stop: () -> Bool
    ) -> Double? {
        while HostClock.monotonic() < deadline {
            if connect(host: host, port: port, timeout: 0.2) == .connected { return HostClock.monotonic() }
            if stop() { return nil }
            usleep(useconds_t(interval * 1e6))
        }
        return nil
    }
}

/// A resolved IPv4 or IPv6 socket address: literals directly, host names through getaddrinfo (cached per process,
/// so a 5 ms readiness poll does not ask DNS each time).
struct SocketAddress: Sendable {
    var storage: sockaddr_storage
    var length: socklen_t
    var family: Int32

    static func resolve(_ host: String, port: Int) -> SocketAddress? {
        guard var address = NameCache.shared.address(of: host) else { return nil }
        let networkPort = in_port_t(UInt16(clamping: port).bigEndian)
        withUnsafeMutablePointer(to: &address.storage) { raw in
            if address.family == AF_INET6 {
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_port = networkPort }
            } else {
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port = networkPort }
            }
        }
        return address
    }

    /// An IPv4 address for `host` when it has one (podman publishes on IPv4 addresses), else its first IPv6
    /// address, port 0.
    fileprivate static func lookup(_ host: String) -> SocketAddress? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        var found: [SocketAddress] = []
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let entry = node {
            let family = entry.pointee.ai_family
            if family == AF_INET || family == AF_INET6, let source = entry.pointee.ai_addr {
                var storage = sockaddr_storage()
                let length = entry.pointee.ai_addrlen
                withUnsafeMutableBytes(of: &storage) { target in
                    target.copyMemory(from: UnsafeRawBufferPointer(start: source, count: Int(length)))
                }
                found.append(SocketAddress(storage: storage, length: length, family: family))
            }
            node = entry.pointee.ai_next
        }
        return found.first { $0.family == AF_INET } ?? found.first
    }

    /// Answers per host name; a name without an address is asked again only after 5 s, so a 5 ms poll loop does
    /// not flood the resolver.
    private final class NameCache: Sendable {
        static let shared = NameCache()
        private struct Answers {
            var known: [String: SocketAddress] = [:]
            var missing: [String: Double] = [:]
        }
        private let answers = Locked(Answers())

        func address(of host: String) -> SocketAddress? {
            let cached: SocketAddress?? = answers.withLock { answers in
                if let address = answers.known[host] { return .some(address) }
                if let since = answers.missing[host], HostClock.monotonic() - since < 5 { return .some(nil) }
                return nil
            }
            if let cached { return cached }
            let address = SocketAddress.lookup(host)
            answers.withLock { answers in
                if let address { answers.known[host] = address } else { answers.missing[host] = HostClock.monotonic() }
            }
            return address
        }
    }
}
