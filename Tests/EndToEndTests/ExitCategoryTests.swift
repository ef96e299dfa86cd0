import Foundation
import Support
import TestSupport
import Testing

/// Issue 15, part 2: exit codes come from each error's category, and the two the issue names moved from
/// "bad input" (2) to "environment" (3): a base image that does not exist, and an output file that cannot be
/// written. Each test runs the binary and would see 2 without the change.
@Suite(.blocking) struct ExitCategoryTests {
    /// A committed workspace whose `dns` service passes its planning gate.
    static func passingWorkspace() throws -> GitSandbox {
        let ws = try GitSandbox.workspace()
        #expect(try ws.gate("new", "dns").status == 0)
        try ws.write("services/dns/service.yaml", GitSandbox.completePlan("dns"))
        try ws.tickManualItems("services/dns/checklists/1-planning.md")
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "dns: plan")
        return ws
    }

    @Test func aJUnitFileThatCannotBeWrittenIsAnEnvironmentProblem() throws {
        let ws = try Self.passingWorkspace()
        defer { ws.remove() }
        let passed = try ws.gate("check", "dns", "--quiet")
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
        // A regular file where the report's folder should be: the path is well formed, the file system refuses it.
        try ws.write("blocker", "not a folder\n")
        let result = try ws.gate("check", "dns", "--quiet", "--junit", ws.root + "/blocker/report.xml")
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("cannot write \(ws.root)/blocker/report.xml (--junit)"), "\(result.stderr)")
        #expect(result.stderr.contains("pass a writable file path to --junit"), "\(result.stderr)")
    }

    @Test func aSchemaFileThatCannotBeWrittenIsAnEnvironmentProblem() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.write("blocker", "not a folder\n")
        let result = try ws.gate("schema", "gate", "--out", "blocker/gate.schema.json")
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("(--out)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: ws.root + "/blocker/gate.schema.json"))
        // The same command with a writable path still succeeds: only the write failed.
        #expect(try ws.gate("schema", "gate", "--out", "schemas/gate.schema.json").status == 0)
        #expect(FileManager.default.fileExists(atPath: ws.root + "/schemas/gate.schema.json"))
    }

    @Test func badInputStaysTwoAndUsageStaysSixtyFour() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let unknown = try ws.gate("check", "nosuch")
        #expect(unknown.status == 2, "\(unknown.stderr)")
        #expect(unknown.stderr.contains("unknown service 'nosuch'"), "\(unknown.stderr)")
        let usage = try ws.gate("check", "--jobs", "0", "--all")
        #expect(usage.status == 64, "\(usage.stderr)")
    }

    @Test func aServiceNamedTwiceIsAUsageErrorBeforeAnyGateRuns() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        let head = try ws.git("rev-parse", "HEAD")
        for arguments in [
            ["advance", "dns", "dns"], ["advance", "dns", "dns", "--jobs", "2"], ["check", "dns", "dns"],
        ] {
            let result = try ws.gate(arguments)
            #expect(result.status == 64, "\(arguments): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("dns is named twice"), "\(result.stderr)")
        }
        #expect(try ws.git("rev-parse", "HEAD") == head)
        #expect(try ws.gate("advance", "dns").status == 0)
    }

    @Test func aProbeHostWithAPortOrNoHostIsRefusedAndIPv6LiteralsPass() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        for value in ["build-7:8080", "127.0.0.1:8080", ":::::", "%0a", "fe80::1%"] {
            let result = try ws.gate("status", "--probe-host", value)
            #expect(result.status == 64, "\(value): \(result.stderr)")
            #expect(
                result.stderr.contains("--probe-host '\(value)' is not a host name or IP address"), "\(result.stderr)")
        }
        let variable = try ws.run(
            "env", ["PODSERVE_PROBE_HOST=build-7:8080", GateCLI.binary, "-C", ws.root, "doctor"])
        #expect(variable.status == 2, "\(variable.stdout)\(variable.stderr)")
        for value in ["::1", "[fd00::1]", "fe80::1%eth0", "::ffff:192.0.2.1", "build-7.example", "192.0.2.7"] {
            #expect(try ws.gate("status", "--probe-host", value).status == 0, "\(value)")
        }
    }
}

/// The base-image case needs podman: `build` of a service FROM a local image that neither exists nor has a
/// recipe in base-images.yaml.
@Suite(.serialized, .podman)
struct MissingBaseImageExitTests {
    @Test func aMissingBaseImageIsAnEnvironmentProblem() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let base = "localhost/pg-never-built:t\(UInt32.random(in: 100_000...999_999))"
        #expect(try ws.gate("new", "tiny").status == 0)
        let plan = GitSandbox.completePlan("tiny")
            .replacingOccurrences(
                of: "image: localhost/podserve-tiny:latest", with: "image: localhost/pg-exit-tiny:latest\nbuild: .")
        try ws.write("services/tiny/service.yaml", plan)
        try ws.write("services/tiny/Containerfile", "FROM \(base)\n")
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "tiny: FROM an image that does not exist")
        let build = try ws.gate("build", "tiny")
        #expect(build.status == 3, "\(build.stdout)\(build.stderr)")
        #expect(build.stderr.contains("builds FROM \(base), which does not exist and has no recipe"), "\(build.stderr)")
    }
}
