import Foundation
import Support

/// Tiny service images for the runtime-gate tests: busybox-static plus a few shell scripts, `podman import`ed
/// from a tarball (no registry, no build step). Every behaviour the gates judge has its own tag:
/// well-behaved, ignores SIGTERM, ready after a known delay, never ready, memory that grows.
/// Images are cached by a tag that hashes their content, so a test run builds them once.
package enum TinyImages {
    /// A service that handles TERM, marks /tmp/alive and /tmp/ready and serves HTTP on 8080.
    package static let wellBehaved = Flavor(name: "well", script: "well.sh")
    /// PID 1 is `sleep` with no TERM handler: `podman stop` must fall back to SIGKILL (exit 137).
    package static let ignoresTerm = Flavor(name: "ignore-term", script: "ignore.sh")
    /// Like well-behaved, but ready (file and port) only `readyDelay` seconds after start.
    package static let delayed = Flavor(name: "delayed", script: "well.sh", env: ["READY_DELAY": "\(readyDelay)"])
    /// Alive but never ready: no /tmp/ready and nothing listening on 8080.
    package static let neverReady = Flavor(name: "never-ready", script: "never.sh")
    /// Ready at once, then puts 1 MiB into /dev/shm (counted as container memory) every 0.2 s, up to 40 MiB.
    package static let growing = Flavor(name: "growing", script: "grow.sh")

    /// The delayed image's readiness delay in seconds.
    package static let readyDelay = 1.5

    /// One image behaviour: which script runs as PID 1, with which baked-in environment.
    package struct Flavor: Sendable {
        package let name: String
        package let script: String
        package let env: [String: String]
        init(name: String, script: String, env: [String: String] = [:]) {
            self.name = name
            self.script = script
            self.env = env
        }
        /// The image reference, with a content hash as tag so a changed script means a new image.
        package var ref: String { "localhost/podserve-gate-test-\(name):\(TinyImages.contentTag)" }
    }

    package static let liveness = ["test", "-f", "/tmp/alive"]
    package static let readiness = ["test", "-f", "/tmp/ready"]
    /// Passes only when DOMAIN is set in the container's environment.
    package static let render = ["/svc/render.sh"]
    /// The port the HTTP-serving flavors listen on.
    package static let port = 8080

    static let scripts: [String: String] = [
        "well.sh": """
        #!/bin/sh
        trap 'echo "service: TERM received, stopping"; kill $HTTPD 2>/dev/null; exit 0' TERM INT
        rm -f /tmp/ready
        echo "service: starting"
        [ -n "$LOG_ERROR" ] && echo "ERROR: $LOG_ERROR"
        touch /tmp/alive
        sleep "${READY_DELAY:-0}" & wait $!
        httpd -f -p 8080 -h /www & HTTPD=$!
        touch /tmp/ready
        echo "service: ready"
        while :; do sleep 1 & wait $!; done
        """,
        "ignore.sh": """
        #!/bin/sh
        echo "service: starting (no TERM handler)"
        touch /tmp/alive /tmp/ready
        httpd -p 8080 -h /www
        exec sleep 100000
        """,
        "never.sh": """
        #!/bin/sh
        trap 'exit 0' TERM INT
        touch /tmp/alive
        echo "service: waiting for a dependency that never comes"
        while :; do sleep 1 & wait $!; done
        """,
        "grow.sh": """
        #!/bin/sh
        trap 'exit 0' TERM INT
        touch /tmp/alive /tmp/ready
        httpd -f -p 8080 -h /www &
        i=0
        while [ $i -lt ${GROW_LIMIT:-40} ]; do
          dd if=/dev/zero of=/dev/shm/blob$i bs=1048576 count=1 2>/dev/null
          i=$((i+1))
          sleep ${GROW_INTERVAL:-0.2} & wait $!
        done
        while :; do sleep 1 & wait $!; done
        """,
        "render.sh": """
        #!/bin/sh
        [ -n "$DOMAIN" ] || { echo "render: DOMAIN is not set" >&2; exit 1; }
        echo "server_name $DOMAIN;"
        """,
    ]

    static let busybox = ProcessInfo.processInfo.environment["BUSYBOX"] ?? "/bin/busybox"

    /// Short hash of the scripts and busybox size: the tag shared by all flavors.
    static let contentTag: String = {
        var text = scripts.sorted { $0.key < $1.key }.map { "\($0.key)\n\($0.value)" }.joined(separator: "\n")
        let size = (try? FileManager.default.attributesOfItem(atPath: busybox)[.size] as? Int) ?? 0
        text += "\(size)"
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }()

    private static let lock = NSLock()

    /// Imports every flavor that is not present yet; cheap when they all exist.
    package static func ensureAll() throws {
        lock.lock(); defer { lock.unlock() }
        let runner = SystemProcessRunner()
        let flavors = [wellBehaved, ignoresTerm, delayed, neverReady, growing]
        let missing = try flavors.filter {
            try !runner.run(ProcessSpec("podman", ["image", "exists", $0.ref])).succeeded
        }
        guard !missing.isEmpty else { return }
        let tarball = try makeRootfsTarball(runner: runner)
        defer { try? FileManager.default.removeItem(atPath: tarball) }
        for flavor in missing {
            var args = ["import", "--quiet", "--change", "CMD [\"/bin/sh\", \"/svc/\(flavor.script)\"]"]
            for (key, value) in flavor.env.sorted(by: { $0.key < $1.key }) {
                args += ["--change", "ENV \(key)=\(value)"]
            }
            args += [tarball, flavor.ref]
            let result = try runner.run(ProcessSpec("podman", args, timeout: 120))
            guard result.succeeded else {
                throw TinyImageError(step: "podman import \(flavor.ref)", output: result.excerpt())
            }
        }
    }

    /// A root file system: /bin/busybox with applet symlinks, /svc scripts, /www, /tmp.
    static func makeRootfsTarball(runner: ProcessRunner) throws -> String {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("tiny-rootfs-\(UUID().uuidString)").path
        defer { try? fm.removeItem(atPath: dir) }
        for sub in ["bin", "svc", "www", "tmp", "dev/shm"] {
            try fm.createDirectory(atPath: "\(dir)/\(sub)", withIntermediateDirectories: true)
        }
        try fm.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: "\(dir)/tmp")
        try fm.copyItem(atPath: busybox, toPath: "\(dir)/bin/busybox")
        let list = try runner.run(ProcessSpec(busybox, ["--list"]))
        guard list.succeeded else { throw TinyImageError(step: "\(busybox) --list", output: list.excerpt()) }
        for applet in list.stdoutText.split(whereSeparator: \.isNewline) where applet != "busybox" {
            try fm.createSymbolicLink(atPath: "\(dir)/bin/\(applet)", withDestinationPath: "busybox")
        }
        for (name, text) in scripts {
            let path = "\(dir)/svc/\(name)"
            try Data((text + "\n").utf8).write(to: URL(fileURLWithPath: path))
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        try Data("ok\n".utf8).write(to: URL(fileURLWithPath: "\(dir)/www/index.html"))
        let tarball = dir + ".tar"
        let tar = try runner.run(ProcessSpec("tar", ["-C", dir, "-cf", tarball, "."]))
        guard tar.succeeded else { throw TinyImageError(step: "tar", output: tar.excerpt()) }
        return tarball
    }
}

/// A test image could not be made; names the step and its output.
package struct TinyImageError: Error, CustomStringConvertible {
    package let step: String
    package let output: String
    package var description: String { "\(step) failed: \(output)" }
}
