import Domain
import Engine
import Foundation
import Support
import TestSupport
import Testing

/// Phase 2 validators against real podman and the tiny busybox images: each passes for a well-behaved
/// service and fails, with a message saying why, for the misbehaving one.
@Suite("Runtime isolation validators", .serialized, .podman)
struct RuntimeIsolationTests {
    let fx: RuntimeFixture
    init() throws { fx = try RuntimeFixture() }

    @Test func imagePresentPassesForAnImageAndRecordsIt() throws {
        let scratch = RunScratchpad()
        let outcome = try fx.run(
            "image-present", fx.input("image", fx.profile(TinyImages.wellBehaved), scratchpad: scratch))
        #expect(outcome.status == .pass, "\(outcome.message)")
        #expect(scratch.image?.id?.isEmpty == false)
        #expect(outcome.metrics["image_id"] == .text(scratch.image?.id ?? ""))
    }

    @Test func imagePresentFailsForAMissingImageWithoutBuild() throws {
        var profile = fx.profile(TinyImages.wellBehaved)
        profile.image = "localhost/podserve-gate-test-missing:none"
        let outcome = try fx.run("image-present", fx.input("image", profile))
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("does not exist") && outcome.message.contains("build:"), "\(outcome.message)")
    }

    @Test func imagePresentBuildsAndReportsAFailingBuildsLogTail() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("runtime-build-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tag = "localhost/podserve-gate-test-built:\(UUID().uuidString.prefix(8).lowercased())"
        defer { _ = try? SystemProcessRunner().run(ProcessSpec("podman", ["rmi", "-f", tag])) }
        var profile = fx.profile(TinyImages.wellBehaved)
        profile.image = tag
        profile.buildContext = dir
        try
            "FROM \(TinyImages.wellBehaved.ref)\nRUN [\"/bin/sh\", \"-c\", \"echo compiling; echo 'config missing' >&2; exit 3\"]\n"
            .write(toFile: dir + "/Containerfile", atomically: true, encoding: .utf8)
        let failed = try fx.run("image-present", fx.input("image", profile))
        #expect(failed.status == .fail)
        #expect(failed.message.contains("podman build") && failed.message.contains("failed"), "\(failed.message)")
        #expect(failed.output.contains("config missing"), "log tail: \(failed.output)")

        try "FROM \(TinyImages.wellBehaved.ref)\nLABEL built-by=test\n".write(
            toFile: dir + "/Containerfile", atomically: true, encoding: .utf8)
        let built = try fx.run("image-present", fx.input("image", profile))
        #expect(built.status == .pass, "\(built.message)")
        #expect(built.metrics["built"] == .number(1))
        try fx.expectNoLeftovers()
    }

    @Test func startsConsistentlyRecordsEveryAttempt() throws {
        let ok = try fx.run(
            "starts-consistently",
            fx.input("starts", fx.profile(TinyImages.wellBehaved), options: ["attempts": .number(3)]))
        #expect(ok.status == .pass, "\(ok.message)")
        guard case .list(let times)? = ok.metrics["attempt_seconds"] else { Issue.record("no attempt_seconds"); return }
        #expect(times.count == 3)
        #expect(ok.message.contains("3/3"))

        let bad = try fx.run(
            "starts-consistently",
            fx.input(
                "starts", fx.profile(TinyImages.neverReady),
                options: ["attempts": .number(2), "start_timeout": .string("1500ms")]))
        #expect(bad.status == .fail)
        #expect(bad.message.contains("0/2 starts healthy"), "\(bad.message)")
        #expect(bad.message.contains("readiness `test -f /tmp/ready` still failing"), "\(bad.message)")
        try fx.expectNoLeftovers()
    }

    @Test func healthChecksPassWithinTheirTimeoutsOrSayWhy() throws {
        let ok = try fx.run("health-checks", fx.input("health", fx.profile(TinyImages.wellBehaved)))
        #expect(ok.status == .pass, "\(ok.message)")
        #expect((ok.metrics["readiness_seconds"]?.number ?? 9) < 2)

        let never = try fx.run(
            "health-checks",
            fx.input("health", fx.profile(TinyImages.neverReady), options: ["start_timeout": .number(1.5)]))
        #expect(never.status == .fail)
        #expect(never.message.contains("never became healthy"), "\(never.message)")

        var undeclared = fx.profile(TinyImages.wellBehaved)
        undeclared.liveness = nil
        let missing = try fx.run("health-checks", fx.input("health", undeclared))
        #expect(
            missing.status == .fail && missing.message.contains("declares no health.liveness"), "\(missing.message)")
        try fx.expectNoLeftovers()
    }

    @Test func configRendersWithConfigEnvOrSkipsWithAReason() throws {
        let ok = try fx.run(
            "config-renders",
            fx.input(
                "render", fx.profile(TinyImages.wellBehaved, env: ["DOMAIN": "test.local"], render: TinyImages.render)))
        #expect(ok.status == .pass, "\(ok.message)")
        #expect(ok.output.contains("server_name test.local"))

        let bad = try fx.run(
            "config-renders", fx.input("render", fx.profile(TinyImages.wellBehaved, render: TinyImages.render)))
        #expect(bad.status == .fail)
        #expect(bad.message.contains("DOMAIN is not set"), "\(bad.message)")

        let none = try fx.run("config-renders", fx.input("render", fx.profile(TinyImages.wellBehaved)))
        #expect(none.status == .skip && none.message.contains("no config.render"))
        try fx.expectNoLeftovers()
    }

    @Test func sigtermHandledOrKilledWithStopTimeAndExitCode() throws {
        let ok = try fx.run("sigterm", fx.input("sigterm", fx.profile(TinyImages.wellBehaved)))
        #expect(ok.status == .pass, "\(ok.message)")
        #expect(ok.metrics["exit_code"] == .number(0))
        #expect((ok.metrics["stop_seconds"]?.number ?? 99) < 5)

        let ignored = try fx.run(
            "sigterm", fx.input("sigterm", fx.profile(TinyImages.ignoresTerm), options: ["grace": .string("2s")]))
        #expect(ignored.status == .fail)
        #expect(ignored.metrics["exit_code"] == .number(137))
        #expect((ignored.metrics["stop_seconds"]?.number ?? 0) >= 2)
        #expect(
            ignored.message.contains("exited 137") && ignored.message.contains("ignored SIGTERM"), "\(ignored.message)")
        try fx.expectNoLeftovers()
    }

    @Test func cleanLogsNamesTheErrorLine() throws {
        let ok = try fx.run(
            "clean-logs", fx.input("logs", fx.profile(TinyImages.wellBehaved), options: ["settle": .number(0.2)]))
        #expect(ok.status == .pass, "\(ok.message)")

        let bad = try fx.run(
            "clean-logs",
            fx.input(
                "logs", fx.profile(TinyImages.wellBehaved, env: ["LOG_ERROR": "disk on fire"]),
                options: ["settle": .number(0.2)]))
        #expect(bad.status == .fail)
        #expect(bad.message.contains("ERROR: disk on fire"), "\(bad.message)")
        #expect(bad.metrics["error_lines"] == .number(1))

        let ignored = try fx.run(
            "clean-logs",
            fx.input(
                "logs", fx.profile(TinyImages.wellBehaved, env: ["LOG_ERROR": "disk on fire"]),
                options: ["settle": .number(0.2), "ignore": .list(["disk on fire"])]))
        #expect(ignored.status == .pass, "\(ignored.message)")
        try fx.expectNoLeftovers()
    }

    @Test func memoryInTargetComparesWithTargetsMemory() throws {
        let ok = try fx.run(
            "memory-in-target", fx.input("mem", fx.profile(TinyImages.wellBehaved), options: ["settle": .number(0.5)]))
        #expect(ok.status == .pass, "\(ok.message)")
        #expect((ok.metrics["memory_bytes"]?.number ?? 0) > 0)

        let growing = fx.profile(TinyImages.growing, targets: .init(startupSeconds: 5, memoryBytes: 4_000_000))
        let bad = try fx.run("memory-in-target", fx.input("mem", growing, options: ["settle": .number(2)]))
        #expect(bad.status == .fail)
        #expect(bad.message.contains("memory over target") && bad.message.contains("target < 4.0 MB"), "\(bad.message)")
        try fx.expectNoLeftovers()
    }
}
