import Foundation
import Support

/// A tiny image that, besides the well-behaved service (HTTP on 8080, file readiness), binds a UDP port
/// (`UDP_PORT`, default 53) and echoes every datagram: busybox has no UDP server, so a 20-line C program is
/// compiled statically (cc, gcc or clang) and added on top of the well-behaved image. Cached by a content tag.
package enum UDPListenerImage {
    static let source = """
        #include <arpa/inet.h>
        #include <netinet/in.h>
        #include <stdlib.h>
        #include <sys/socket.h>
        int main(int argc, char **argv) {
            int fd = socket(AF_INET, SOCK_DGRAM, 0);
            struct sockaddr_in a = {0};
            a.sin_family = AF_INET;
            a.sin_port = htons(argc > 1 ? atoi(argv[1]) : 53);
            a.sin_addr.s_addr = htonl(INADDR_ANY);
            if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0) return 1;
            char buf[1500];
            for (;;) {
                struct sockaddr_in from;
                socklen_t len = sizeof from;
                ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
                if (n > 0) sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, len);
            }
        }
        """

    /// The image reference (tagged with a hash of the program and the well-behaved image it builds on).
    package static var ref: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (source + TinyImages.wellBehaved.ref).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "localhost/podserve-gate-test-udp:\(String(hash, radix: 16))"
    }

    private static let lock = NSLock()

    /// Builds the image unless it exists.
    package static func ensure() throws {
        lock.lock(); defer { lock.unlock() }
        try TinyImages.ensureAll()
        let runner = SystemProcessRunner()
        if try runner.run(ProcessSpec("podman", ["image", "exists", ref])).succeeded { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("udp-image-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try source.write(toFile: dir + "/udp-echo.c", atomically: true, encoding: .utf8)
        var compiled = false
        var tried: [String] = []
        for compiler in ["cc", "gcc", "clang"] {
            let result = try? runner.run(
                ProcessSpec(
                    "/usr/bin/env", [compiler, "-static", "-Os", "-o", dir + "/udp-echo", dir + "/udp-echo.c"],
                    timeout: 120))
            if result?.succeeded == true { compiled = true; break }
            tried.append("\(compiler): \(result?.excerpt(limit: 300) ?? "not runnable")")
        }
        guard compiled else {
            throw TinyImageError(step: "compiling udp-echo.c statically", output: tried.joined(separator: "\n"))
        }
        try """
        FROM \(TinyImages.wellBehaved.ref)
        COPY udp-echo /bin/udp-echo
        CMD ["/bin/sh", "-c", "/bin/udp-echo ${UDP_PORT:-53} & exec /bin/sh /svc/well.sh"]

        """.write(toFile: dir + "/Containerfile", atomically: true, encoding: .utf8)
        let build = try runner.run(ProcessSpec("podman", ["build", "-q", "-t", ref, dir], timeout: 300))
        guard build.succeeded else { throw TinyImageError(step: "podman build \(ref)", output: build.excerpt()) }
    }
}
