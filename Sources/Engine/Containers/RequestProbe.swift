import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One real request to a published port, timed on the host: what response-time measures when the plan
/// gives no `load:` command. TCP: connect, send the request (if any), wait for the first reply byte (if one
/// is expected). UDP: send one datagram and wait for the answer.
package struct RequestProbe: Sendable, Equatable {
    package enum Transport: String, Sendable { case tcp, udp }

    package var transport: Transport
    /// Bytes sent after connecting (TCP) or as the datagram (UDP); nil for a bare TCP connect or a
    /// server-speaks-first protocol.
    package var request: Data?
    /// Whether a reply must arrive (always for UDP).
    package var awaitsReply: Bool
    /// What the probe does, for messages: "HTTP GET", "DNS query", "SMTP greeting", "TCP connect".
    package var name: String

    package init(transport: Transport, request: Data?, awaitsReply: Bool, name: String) {
        self.transport = transport
        self.request = request
        self.awaitsReply = awaitsReply
        self.name = name
    }

    /// The probe for a declared port: the gate's `request:` text (`\r\n` escapes allowed) when given, else what
    /// the well-known port speaks (DNS on 53, HTTP on 80/8000/8080/8081, a greeting on SMTP/POP/IMAP/FTP/SSH
    /// ports), else a completed TCP connect. A UDP port without a known protocol or `request:` has no probe.
    package static func forPort(_ port: Int, proto: String, request: String?) -> RequestProbe? {
        let transport: Transport = proto == "udp" ? .udp : .tcp
        if let request {
            let text = request.replacingOccurrences(of: "\\r", with: "\r").replacingOccurrences(of: "\\n", with: "\n")
            return RequestProbe(
                transport: transport, request: Data(text.utf8), awaitsReply: true, name: "request `\(request)`")
        }
        switch (port, transport) {
        case (53, .udp): return RequestProbe(transport: .udp, request: dnsQuery(), awaitsReply: true, name: "DNS query")
        case (53, .tcp):
            let query = dnsQuery()
            let framed = Data([UInt8(query.count >> 8), UInt8(query.count & 0xFF)]) + query
            return RequestProbe(transport: .tcp, request: framed, awaitsReply: true, name: "DNS query over TCP")
        case (80, .tcp), (8000, .tcp), (8080, .tcp), (8081, .tcp):
            return RequestProbe(
                transport: .tcp, request: Data("GET / HTTP/1.0\r\nHost: localhost\r\n\r\n".utf8),
                awaitsReply: true, name: "HTTP GET /")
        case (21, .tcp), (22, .tcp), (25, .tcp), (110, .tcp), (143, .tcp), (587, .tcp), (2525, .tcp):
            return RequestProbe(transport: .tcp, request: nil, awaitsReply: true, name: "server greeting")
        case (_, .tcp): return RequestProbe(transport: .tcp, request: nil, awaitsReply: false, name: "TCP connect")
        case (_, .udp): return nil
        }
    }

    /// A standard query for `localhost` type A (id 0x5047, recursion desired): any DNS server answers it,
    /// if only with an error code, which still is a response.
    static func dnsQuery() -> Data {
        var bytes: [UInt8] = [0x50, 0x47, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        bytes += [9] + Array("localhost".utf8) + [0]
        bytes += [0x00, 0x01, 0x00, 0x01]
        return Data(bytes)
    }

    /// Sends one request to `host:port`; the seconds it took, or why it failed.
    package func send(host: String = "127.0.0.1", port: Int, timeout: Double) -> Result<Double, ProbeFailure> {
        let start = HostClock.monotonic()
        guard let address = SocketAddress.resolve(host, port: port) else {
            return .failure(
                ProbeFailure("the probe host \(host) has no address (check the engine URL or --probe-host)"))
        }
        let fd = socket(address.family, Int32(transport == .tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return .failure(ProbeFailure("socket: errno \(errno)")) }
        defer { close(fd) }
        let deadline = start + timeout
        if transport == .tcp {
            switch TCPProbe.connect(fd: fd, to: address, timeout: timeout) {
            case .connected: break
            case .refused: return .failure(ProbeFailure("connection refused"))
            case .timedOut: return .failure(ProbeFailure("connect timed out"))
            case .unresolved: return .failure(ProbeFailure("\(host) has no address"))
            case .error(let code): return .failure(ProbeFailure("connect failed: errno \(code)"))
            }
        } else if TCPProbe.connect(fd: fd, to: address, timeout: timeout) != .connected {
            return .failure(ProbeFailure("cannot address udp \(host):\(port)"))
        }
        if let request, !request.isEmpty {
            let sent = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent == request.count else { return .failure(ProbeFailure("send failed: errno \(errno)")) }
        }
        if awaitsReply || transport == .udp {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = max(1, Int32((deadline - HostClock.monotonic()) * 1000))
            guard poll(&pfd, 1, left) > 0 else {
                return .failure(ProbeFailure("no reply within \(RuntimeFormat.seconds(timeout))"))
            }
            var buffer = [UInt8](repeating: 0, count: 512)
            let got = recv(fd, &buffer, buffer.count, 0)
            if got < 0 {
                return .failure(
                    ProbeFailure(
                        errno == ECONNREFUSED ? "port unreachable (nothing listening)" : "recv failed: errno \(errno)"))
            }
            if got == 0 { return .failure(ProbeFailure("the connection was closed without a reply")) }
        }
        return .success(HostClock.monotonic() - start)
    }

    /// Why one request failed.
    package struct ProbeFailure: Error, Equatable {
        package let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
