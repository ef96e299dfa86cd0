import Domain
import Foundation
import Support
import TestSupport
import Testing

@testable import Engine

/// ports-listening and response-time measure the declared ports themselves, against real podman: a service
/// whose readiness (`test -f`) passes but whose declared port has nothing behind it fails both.
@Suite("Runtime port validators", .serialized, .podman)
struct RuntimePortsTests {
    let fx: RuntimeFixture
    init() throws {
        fx = try RuntimeFixture()
        try UDPListenerImage.ensure()
    }

    func profile(_ image: String, ports: [RuntimeProfile.Port], env: [String: String] = [:]) -> RuntimeProfile {
        var profile = fx.profile(TinyImages.wellBehaved, env: env)
        profile.image = image
        profile.ports = ports
        return profile
    }

    @Test func portsListeningFailsFor53UdpWithNothingListening() throws {
        let outcome = try fx.run(
            "ports-listening",
            fx.input("ports", profile(TinyImages.wellBehaved.ref, ports: [.init(8080), .init(53, "udp")])))
        #expect(outcome.status == .fail, "\(outcome.message)")
        #expect(outcome.message.contains("not bound") && outcome.message.contains("53/udp"), "\(outcome.message)")
        #expect(
            !outcome.message.contains("8080/tcp,"),
            "8080/tcp listens and must not be reported missing: \(outcome.message)")
        #expect(outcome.metrics["missing"] == .number(1))
        #expect(outcome.metrics["bound"] == .text("8080/tcp"))
        try fx.expectNoLeftovers()
    }

    @Test func portsListeningPassesWhen53UdpIsBound() throws {
        let outcome = try fx.run(
            "ports-listening", fx.input("ports", profile(UDPListenerImage.ref, ports: [.init(8080), .init(53, "udp")])))
        #expect(outcome.status == .pass, "\(outcome.message)")
        #expect(outcome.metrics["bound"] == .text("8080/tcp 53/udp"), "\(outcome.metrics)")
        try fx.expectNoLeftovers()
    }

    @Test func portsListeningFailsForADeclaredTCPPortNothingListensOn() throws {
        // The UDP echo binds 5353/udp here, so 53/udp is free: both the tcp and the udp port are missing.
        let outcome = try fx.run(
            "ports-listening",
            fx.input(
                "ports",
                profile(
                    UDPListenerImage.ref, ports: [.init(9090), .init(53, "udp")],
                    env: ["UDP_PORT": "5353"]),
                options: ["wait": .number(1)]))
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("9090/tcp, 53/udp"), "\(outcome.message)")
        #expect(outcome.message.contains("5353/udp"), "what is bound is named: \(outcome.message)")
        try fx.expectNoLeftovers()
    }

    @Test func portsListeningSkipsWithoutDeclaredPorts() throws {
        let outcome = try fx.run("ports-listening", fx.input("ports", profile(TinyImages.wellBehaved.ref, ports: [])))
        #expect(outcome.status == .skip)
    }

    @Test func socketTablesAreParsed() {
        let tcp = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
               1: 0100007F:0050 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 2 1
            """
        let udp = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
             100: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3 2
             101: 0100007F:A000 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 4 2
            """
        #expect(PortsListeningValidator.parse(tcp, proto: "tcp") == [.init(number: 8080, proto: "tcp")])
        #expect(PortsListeningValidator.parse(udp, proto: "udp") == [.init(number: 53, proto: "udp")])
    }

    @Test func responseTimeWithoutLoadTimesRealHTTPRequests() throws {
        let outcome = try fx.run(
            "response-time",
            fx.input(
                "response", profile(TinyImages.wellBehaved.ref, ports: [.init(8080)]),
                options: ["probes": .number(20)]))
        #expect(outcome.status == .pass, "\(outcome.message)")
        guard case .text(let method)? = outcome.metrics["method"] else { Issue.record("no method"); return }
        #expect(method.contains("HTTP GET / to 8080/tcp via 127.0.0.1:"), "\(method)")
        #expect(!method.contains("test -f"), "the readiness command is not the probe: \(method)")
        try fx.expectNoLeftovers()
    }

    @Test func responseTimeWithoutLoadFailsWhereNothingAnswers() throws {
        // Readiness (`test -f /tmp/ready`) passes, but nothing listens on the declared 9090/tcp.
        let outcome = try fx.run(
            "response-time",
            fx.input(
                "response", profile(TinyImages.wellBehaved.ref, ports: [.init(9090)]),
                options: ["probes": .number(20)]))
        #expect(outcome.status == .fail, "\(outcome.message)")
        #expect(outcome.message.contains("20/20 probes failed"), "\(outcome.message)")
        #expect(outcome.output.contains("connection refused") || outcome.output.contains("closed"), "\(outcome.output)")
        try fx.expectNoLeftovers()
    }

    @Test func responseTimeOverUDP53SendsADNSQuery() throws {
        let answered = try fx.run(
            "response-time",
            fx.input(
                "response", profile(UDPListenerImage.ref, ports: [.init(53, "udp")]),
                options: ["probes": .number(20)]))
        #expect(answered.status == .pass, "\(answered.message)")
        #expect(answered.message.contains("DNS query to 53/udp"), "\(answered.message)")

        let silent = try fx.run(
            "response-time",
            fx.input(
                "response", profile(TinyImages.wellBehaved.ref, ports: [.init(53, "udp")]),
                options: ["probes": .number(20)]))
        #expect(silent.status == .fail, "\(silent.message)")
        #expect(silent.message.contains("probes failed"), "\(silent.message)")
        try fx.expectNoLeftovers()
    }
}
