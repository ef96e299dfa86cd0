import Engine
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Where host-side probes connect, derived from every engine URL form, and the override.
struct ProbeAddressTests {
    @Test func theHostComesFromEveryEngineURLForm() {
        #expect(ProbeAddress.host(ofEngineURL: "tcp://build-7.example:8888") == "build-7.example")
        #expect(ProbeAddress.host(ofEngineURL: "tcp://192.0.2.9:8888") == "192.0.2.9")
        #expect(ProbeAddress.host(ofEngineURL: "ssh://ci@build-7:22/run/podman/podman.sock") == "build-7")
        #expect(
            ProbeAddress.host(ofEngineURL: "ssh://ci:secret@10.1.2.3/run/user/1000/podman/podman.sock?secure=True")
                == "10.1.2.3")
        #expect(ProbeAddress.host(ofEngineURL: "ssh://root@[fd00::7]:2222/run/podman/podman.sock") == "fd00::7")
        #expect(ProbeAddress.host(ofEngineURL: "unix:///run/podman/podman.sock") == nil)
        #expect(ProbeAddress.host(ofEngineURL: "unix://run/podman.sock") == nil)
    }

    @Test func localAndSocketEnginesAreProbedAndPublishedOnLoopback() {
        let local = ProbeAddress.forEngine(url: nil)
        #expect(local == .loopback)
        #expect(local.isLoopback)
        let socket = ProbeAddress.forEngine(url: "unix:///tmp/e2.sock")
        #expect(socket.host == "127.0.0.1" && socket.publishIP == "127.0.0.1")
        #expect(socket.origin == "engine socket on this machine")
    }

    @Test func aRemoteHostIsProbedThereAndPublishesOnAllItsInterfaces() {
        let ssh = ProbeAddress.forEngine(url: "ssh://ci@build-7.example:22/run/podman/podman.sock")
        #expect(ssh.host == "build-7.example")
        #expect(ssh.publishIP == "0.0.0.0")
        #expect(!ssh.isLoopback)
        #expect(ssh.facts == ["probe_host": "build-7.example", "probe_host_from": "engine URL"])
        let tcp = ProbeAddress.forEngine(url: "tcp://192.0.2.9:8888")
        #expect(tcp.host == "192.0.2.9" && tcp.publishIP == "0.0.0.0")
        let v6 = ProbeAddress.forEngine(url: "ssh://root@[fd00::7]/run/podman/podman.sock")
        #expect(v6.host == "fd00::7")
        #expect(ProbeAddress.endpoint(v6.host, 8080) == "[fd00::7]:8080")
    }

    @Test func aLoopbackEngineHostPublishesOnThatVeryAddress() {
        let other = ProbeAddress.forEngine(url: "tcp://127.0.0.3:9999")
        #expect(other.host == "127.0.0.3" && other.publishIP == "127.0.0.3" && other.isLoopback)
        for url in ["tcp://localhost:9999", "ssh://me@localhost/run/podman.sock", "ssh://me@[::1]/run/podman.sock"] {
            let address = ProbeAddress.forEngine(url: url)
            #expect(address.host == "127.0.0.1" && address.publishIP == "127.0.0.1", "\(url)")
        }
    }

    @Test func anOverrideChangesWhereProbesConnectNotWhereTheEnginePublishes() {
        let remote = ProbeAddress.forEngine(
            url: "ssh://ci@build-7/run/podman.sock", override: ("10.9.8.7", "--probe-host"))
        #expect(remote.host == "10.9.8.7" && remote.origin == "--probe-host")
        #expect(remote.publishIP == "0.0.0.0")
        let local = ProbeAddress.forEngine(url: nil, override: ("127.0.0.2", "PODSERVE_PROBE_HOST"))
        #expect(local.host == "127.0.0.2" && local.publishIP == "127.0.0.1")
        #expect(local.facts["probe_host_from"] == "PODSERVE_PROBE_HOST")
    }

    @Test func probesResolveHostNamesAndSayWhenANameHasNoAddress() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        try #require(listening && listen(fd, 4) == 0)
        let port = Int(UInt16(bigEndian: addr.sin_port))
        #expect(TCPProbe.connect(host: "127.0.0.1", port: port, timeout: 2) == .connected)
        #expect(TCPProbe.connect(host: "localhost", port: port, timeout: 2) == .connected)
        #expect(TCPProbe.connect(host: "127.0.0.2", port: port, timeout: 2) == .refused)
        #expect(TCPProbe.connect(host: "no-such-host.invalid", port: port, timeout: 2) == .unresolved)
        let probe = RequestProbe(transport: .tcp, request: nil, awaitsReply: false, name: "TCP connect")
        guard case .failure(let failure) = probe.send(host: "no-such-host.invalid", port: port, timeout: 2) else {
            Issue.record("a probe to a name without an address succeeded"); return
        }
        #expect(failure.reason.contains("no-such-host.invalid has no address"))
    }
}
