import Domain
import Foundation
import Support
import TestSupport
import Testing

@testable import Engine

/// The probe address on real podman: ports published where the engine's `ProbeAddress` says, read back with
/// `podman port` when podman picked them (an engine on another host), and every host-side probe aimed there.
@Suite("Runtime probe address", .serialized, .podman)
struct RuntimeProbeAddressTests {
    let fx: RuntimeFixture
    init() throws { fx = try RuntimeFixture() }

    func input(_ id: String, address: ProbeAddress, tcp: Bool, options: [String: OptionValue] = [:]) -> RuntimeInput {
        var podman = fx.podman
        podman.probeAddress = address
        return RuntimeInput(
            id: id, profile: fx.profile(TinyImages.wellBehaved, tcp: tcp), options: RuntimeOptions(options),
            engine: podman)
    }

    @Test func aRemoteStyleAddressPublishesOnAllInterfacesAndReadsThePortBack() throws {
        // What an ssh:// engine gets (publish on 0.0.0.0, podman picks the port), here probed on this host's loopback.
        let address = ProbeAddress(host: "127.0.0.1", publishIP: "0.0.0.0", origin: "test")
        let input = input("health", address: address, tcp: true)
        let seen = try input.launcher.withContainer(purpose: "probe") { c -> (Int?, String, String, HealthWait) in
            let port = try fx.podman.call(["port", c.id, "8080/tcp"]).stdoutText
            return (c.hostPorts[8080], c.probeHost, port, try input.waiter.wait(c, timeout: 10))
        }
        let hostPort = try #require(seen.0, "no host port read back")
        #expect(seen.1 == "127.0.0.1")
        #expect(seen.2.contains("0.0.0.0:\(hostPort)"), "\(seen.2)")
        #expect(seen.3.healthy && seen.3.method == .tcpConnect, "\(seen.3.reason)")
        try fx.expectNoLeftovers()
    }

    @Test func responseTimeProbesTheEnginesLoopbackAddress() throws {
        let address = ProbeAddress.forEngine(url: "tcp://127.0.0.3:1")
        let outcome = try fx.run(
            "response-time", input("response", address: address, tcp: false, options: ["probes": .number(20)]))
        #expect(outcome.status == .pass, "\(outcome.message)")
        guard case .text(let method)? = outcome.metrics["method"] else { Issue.record("no method"); return }
        #expect(method.contains("HTTP GET / to 8080/tcp via 127.0.0.3:"), "\(method)")
        try fx.expectNoLeftovers()
    }

    @Test func aProbeHostWhereNothingListensFailsTheWaitNamingIt() throws {
        let address = ProbeAddress.forEngine(url: nil, override: ("127.0.0.2", "test"))
        let input = input("health", address: address, tcp: true)
        let wait = try input.launcher.withContainer(purpose: "probe") { c in try input.waiter.wait(c, timeout: 2) }
        #expect(!wait.healthy)
        #expect(wait.reason.contains("TCP connect to 127.0.0.2:"), "\(wait.reason)")
        try fx.expectNoLeftovers()
    }

    @Test func aProbeHostWithoutAnAddressSaysSo() throws {
        let address = ProbeAddress.forEngine(url: "ssh://ci@no-such-host.invalid/run/podman.sock", override: nil)
        var podman = fx.podman
        podman.probeAddress = ProbeAddress(host: address.host, publishIP: "127.0.0.1", origin: address.origin)
        let input = RuntimeInput(id: "health", profile: fx.profile(TinyImages.wellBehaved, tcp: true), engine: podman)
        let wait = try input.launcher.withContainer(purpose: "probe") { c in try input.waiter.wait(c, timeout: 2) }
        #expect(!wait.healthy)
        #expect(wait.reason.contains("no-such-host.invalid has no address"), "\(wait.reason)")
        try fx.expectNoLeftovers()
    }
}
