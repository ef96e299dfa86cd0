import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Host-side TCP connects to a published port: the cheapest sound readiness probe for a port check
/// (rootful podman forwards with DNAT, so a connect is refused until the service listens in the container).
public enum TCPProbe {
    public enum Result: Equatable { case connected, refused, timedOut, error(Int32) }

    /// One connect to `host:port` that gives up after `timeout` seconds; the socket is closed at once.
    public static func connect(host: String = "127.0.0.1", port: Int, timeout: Double) -> Result {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .error(errno) }
        defer { close(fd) }
        return connect(fd: fd, host: host, port: port, timeout: timeout)
    }

    /// Connects an open socket (made non-blocking here) to `host:port` within `timeout`; the caller closes it.
    static func connect(fd: Int32, host: String, port: Int, timeout: Double) -> Result {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
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
    public static func waitUntilOpen(port: Int, interval: Double = 0.005, deadline: Double,
                                     stop: () -> Bool) -> Double? {
        while HostClock.monotonic() < deadline {
            if connect(port: port, timeout: 0.2) == .connected { return HostClock.monotonic() }
            if stop() { return nil }
            usleep(useconds_t(interval * 1e6))
        }
        return nil
    }
}
