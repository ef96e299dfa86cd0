import Foundation
import Support

#if canImport(Glibc)
    import Glibc
#endif

/// A second Podman engine with storage of its own, started for one test as
/// `podman --root R --runroot RR system service --time=0 unix:///…/e2.sock`: a real remote engine whose
/// containers and images the local engine never sees. `stop()` removes its containers, ends it and its folders.
package final class SecondEngine {
    package let directory: String
    package let url: String
    private let process: Process

    /// Starts the engine and loads `images` (from the local engine, by `podman save` / `podman --url … load`).
    /// With `tcpHost` (a loopback address such as 127.0.0.3) it listens on `tcp://tcpHost:<free port>` instead of a
    /// socket: an engine whose URL names a host, for host-side probe tests, never exposed beyond this machine.
    package init(images: [String], tcpHost: String? = nil) throws {
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("e2-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let tcpHost {
            guard let port = Self.freePort(on: tcpHost) else {
                throw TinyImageError(step: "bind \(tcpHost):0", output: "no free port")
            }
            url = "tcp://\(tcpHost):\(port)"
        } else {
            url = "unix://\(directory)/e2.sock"
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // vfs: no overlay mount of its own to outlive the engine (the tiny images are a few MB).
        process.arguments = [
            "podman", "--root", directory + "/root", "--runroot", directory + "/runroot",
            "--storage-driver", "vfs", "system", "service", "--time=0", url,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !(try podman(["info", "--format", "{{.Host.Hostname}}"]).succeeded) {
            guard Date() < deadline, process.isRunning else {
                stop()
                throw TinyImageError(
                    step: "podman system service \(url)", output: "the engine did not answer within 30 s")
            }
            usleep(100_000)
        }
        guard !images.isEmpty else { return }
        let archive = directory + "/images.tar"
        let runner = SystemProcessRunner()
        let save = try runner.run(ProcessSpec("podman", ["save", "-m", "-o", archive] + images, timeout: 120))
        guard save.succeeded else { stop(); throw TinyImageError(step: "podman save", output: save.excerpt()) }
        let load = try podman(["load", "-q", "-i", archive], timeout: 120)
        guard load.succeeded else {
            stop(); throw TinyImageError(step: "podman --url \(url) load", output: load.excerpt())
        }
        try? FileManager.default.removeItem(atPath: archive)
    }

    /// A free TCP port on `host` (bound to port 0 and released).
    static func freePort(on host: String) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, host, &addr.sin_addr)
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        return ok ? Int(UInt16(bigEndian: addr.sin_port)) : nil
    }

    /// `podman --url <this engine> <args>`.
    @discardableResult
    package func podman(_ args: [String], timeout: TimeInterval = 60) throws -> ProcessResult {
        try SystemProcessRunner().run(ProcessSpec("podman", ["--url", url] + args, timeout: timeout))
    }

    /// Names of this engine's containers carrying `podserve-gate=1`.
    package func toolContainers() throws -> [String] {
        try podman(["ps", "-a", "--filter", "label=podserve-gate=1", "--format", "{{.Names}}"]).stdoutText
            .split(whereSeparator: \.isNewline).map(String.init)
    }

    /// Removes everything in the engine, ends it and deletes its storage.
    package func stop() {
        if process.isRunning {
            _ = try? podman(["rm", "-af", "-t", "0"])
            _ = try? podman(["pod", "rm", "-af", "-t", "0"])
            // Images go too, so no layer stays mounted; never `system reset`, which also touches shared config.
            _ = try? podman(["rmi", "-af"], timeout: 120)
            process.terminate()
            process.waitUntilExit()
        }
        _ = try? SystemProcessRunner().run(
            ProcessSpec("umount", [directory + "/root/overlay", directory + "/root/vfs"], timeout: 30))
        try? FileManager.default.removeItem(atPath: directory)
    }
}
