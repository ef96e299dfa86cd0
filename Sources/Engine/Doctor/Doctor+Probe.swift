import Foundation
import Support

extension Doctor {
    /// A trial container publishing a port the way the gates do, and a TCP connect to it from this machine at the
    /// probe address: a remote engine whose published ports this machine cannot reach fails here, not mid-gate.
    func publishedPortCheck() -> DoctorCheck {
        let name = "published port"
        var podman = Podman(runner: runner, target: engine)
        podman.probeAddress = probeAddress
        let address = probeAddress
        let hostPort = address.isLoopback ? FreePort.pick(on: address.publishIP) : nil
        let request = RunRequest(
            image: probeImage, name: podman.runLabel.containerName(owner: "doctor", purpose: "port"),
            command: ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/"],
            publish: [PortPublish(containerPort: 8080, hostIP: address.publishIP, hostPort: hostPort)])
        do {
            let id = try podman.run(request)
            defer { try? podman.remove(id) }
            guard let port = try podman.hostPort(id, containerPort: 8080, proto: "tcp") else {
                return .init(
                    name: name, status: .fail, detail: "podman published no host port for 8080/tcp",
                    fix: "run `podman port` on the engine to see why")
            }
            let endpoint = ProbeAddress.endpoint(address.host, port)
            let deadline = HostClock.monotonic() + 10
            guard TCPProbe.waitUntilOpen(host: address.host, port: port, deadline: deadline, stop: { false }) != nil
            else {
                return .init(
                    name: name, status: .fail,
                    detail: "TCP connect to \(endpoint) failed for 10 s: host-side probes of \(address.host) "
                        + "(\(address.origin)) cannot reach ports the engine publishes on \(address.publishIP)",
                    fix: "pass --probe-host (or PODSERVE_PROBE_HOST) with an address of the engine's host this "
                        + "machine can reach, and open its ports to this machine")
            }
            return .init(
                name: name, status: .ok,
                detail: "TCP connect to \(endpoint) reached a container port published on \(address.publishIP) "
                    + "(probe host from \(address.origin))", fix: nil)
        } catch {
            let words = (error as? LocalizedError)?.errorDescription ?? "\(error)"
            return .init(
                name: name, status: .fail, detail: "cannot start a container with a published port: \(words)",
                fix: "run scripts/setup-podman.sh; check the engine's network set-up (`podman network ls`)")
        }
    }
}
