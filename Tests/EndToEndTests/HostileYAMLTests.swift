import Foundation
import TestSupport
import Testing

/// Issue 10 part 2 and issue 9 part 8 against the real binary: hostile or mistaken YAML ends in exit 2 with
/// file:line:column and the limit (or key) named, never a crash, minutes of CPU or gigabytes of memory, and one
/// broken plan never takes the board down.
@Suite(.blocking) struct HostileYAMLTests {
    /// Runs the binary under python3 to read its peak RSS (kB) from `getrusage(RUSAGE_CHILDREN)` and its wall time.
    struct Measured {
        let result: (status: Int32, stdout: String, stderr: String)
        let maxRSSKiB: Int
        let seconds: Double
    }

    static let rusage = """
        import resource, subprocess, sys, time
        start = time.monotonic()
        r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        elapsed = time.monotonic() - start
        sys.stdout.buffer.write(r.stdout)
        sys.stderr.buffer.write(r.stderr)
        sys.stderr.write("\\nRUSAGE %d %.3f\\n" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, elapsed))
        sys.exit(r.returncode if r.returncode >= 0 else 128 - r.returncode)
        """

    static func measured(_ ws: GitSandbox, _ arguments: String...) throws -> Measured {
        let raw = try ws.run("/usr/bin/python3", ["-c", rusage, GateCLI.binary] + arguments)
        let marker = try #require(raw.stderr.range(of: "\nRUSAGE ", options: .backwards))
        let figures = raw.stderr[marker.upperBound...].split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let result = (status: raw.status, stdout: raw.stdout, stderr: String(raw.stderr[..<marker.lowerBound]))
        return Measured(result: result, maxRSSKiB: Int(figures[0]) ?? .max, seconds: Double(figures[1]) ?? .infinity)
    }

    static func nested(_ levels: Int) -> String {
        String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
    }

    /// Three services, b depending on a; a's plan nests 5,000 levels in one 10 KB line.
    static func deepWorkspace() throws -> GitSandbox {
        let ws = try GitSandbox.workspace()
        #expect(try ws.gate("new", "a").status == 0)
        #expect(try ws.gate("new", "b", "--depends-on", "a").status == 0)
        #expect(try ws.gate("new", "c").status == 0)
        try ws.write("services/a/service.yaml", "name: a\nports: \(nested(5_000))\n")
        return ws
    }

    static let deepLocation =
        "services/a/service.yaml:2:71: a list nested 65 levels deep, past the nesting depth limit (64 levels)"

    @Test func deeplyNestedPlanFailsCheckStatusPlanAndDependentsWithALocation() throws {
        let ws = try Self.deepWorkspace()
        defer { ws.remove() }
        let check = try ws.gate("check", "a")
        #expect(check.status == 2, "\(check.status) \(check.stderr)")
        #expect(check.stderr.contains(Self.deepLocation), "\(check.stderr)")
        let dependent = try ws.gate("check", "b")
        #expect(dependent.status == 2, "\(dependent.status) \(dependent.stderr)")
        #expect(dependent.stderr.contains(Self.deepLocation), "\(dependent.stderr)")
        let plan = try ws.gate("plan")
        #expect(plan.status == 2, "\(plan.status) \(plan.stderr)")
        #expect(plan.stderr.contains(Self.deepLocation), "\(plan.stderr)")
        let unrelated = try ws.gate("check", "c")
        #expect(
            unrelated.status == 1,
            "c's own planning gate runs as usual (its plan is the empty template): \(unrelated.stderr)")
    }

    @Test func oneBrokenPlanNeverTakesTheBoardDown() throws {
        let ws = try Self.deepWorkspace()
        defer { ws.remove() }
        let table = try ws.gate("status")
        #expect(table.status == 2, "\(table.status) \(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        let rowA = try #require(lines.first { $0.hasPrefix("a ") })
        #expect(rowA.contains("error: \(Self.deepLocation)"), "\(rowA)")
        for other in ["b ", "c "] {
            let row = try #require(lines.first { $0.hasPrefix(other) }, "\(table.stdout)")
            #expect(row.contains("planning") && !row.contains("error:"), "\(row)")
        }
        #expect(table.stderr.contains("podserve-gate: error: \(Self.deepLocation)"), "\(table.stderr)")
        let json = try ws.gate("status", "--format", "json")
        #expect(json.status == 2)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 3)
        let errors = Dictionary(
            uniqueKeysWithValues: rows.map { ($0["service"] as? String ?? "?", $0["error"] as? String) })
        #expect(errors["a"]??.hasPrefix(Self.deepLocation) == true, "\(errors)")
        #expect(errors["b"]! == nil && errors["c"]! == nil, "\(errors)")
        // Only the named services: a healthy one alone exits 0.
        #expect(try ws.gate("status", "c").status == 0)
    }

    @Test func brokenStateFileShowsInItsRowOnly() throws {
        let ws = try Self.deepWorkspace()
        defer { ws.remove() }
        try ws.write("services/a/service.yaml", GitSandbox.completePlan("a"))
        try ws.write("services/c/state.yaml", "phase: planning\nphasse: x\n")
        let status = try ws.gate("status")
        #expect(status.status == 2, "\(status.stderr)")
        #expect(
            status.stderr.contains("services/c/state.yaml:2:1: unknown key 'phasse' (did you mean `phase`?)"),
            "\(status.stderr)")
        #expect(status.stdout.split(separator: "\n").contains { $0.hasPrefix("a ") && $0.contains("planning") })
    }

    @Test func deeplyNestedGateFileFailsCheckWithALocation() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "a").status == 0)
        try ws.write("gates/1-planning.yaml", "phase: planning\nvalidators: \(Self.nested(5_000))\n")
        let check = try ws.gate("check", "a")
        #expect(check.status == 2, "\(check.status) \(check.stderr)")
        #expect(
            check.stderr.contains(
                "gates/1-planning.yaml:2:76: a list nested 65 levels deep, past the nesting depth limit"),
            "\(check.stderr)")
    }

    /// 981 bytes that expand to 10^9 values: refused in well under a second, under 100 MB, with a short message.
    @Test func aliasBombIsRefusedFastSmallAndShort() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "a").status == 0)
        var lines = ["name: a", "scope: &a [x,x,x,x,x,x,x,x,x,x]"]
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            lines.append(
                "\(name == "i" ? "ports" : "x\(name)"): &\(name) ["
                    + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]")
            previous = name
        }
        try ws.write("services/a/service.yaml", lines.joined(separator: "\n") + "\n")
        for command in [["check", "a"], ["status"]] {
            let run = try Self.measured(ws, command[0], command.count > 1 ? command[1] : "--quiet")
            #expect(run.result.status == 2, "\(command): \(run.result.status) \(run.result.stderr)")
            #expect(run.result.stderr.contains("services/a/service.yaml:"), "\(run.result.stderr)")
            #expect(
                run.result.stderr.contains("past the alias expansion limit (100000 values with every alias expanded)"))
            #expect(run.result.stderr.utf8.count < 2_000)
            #expect(run.maxRSSKiB < 100 * 1024, "\(command): peak RSS \(run.maxRSSKiB) KiB")
            #expect(run.seconds < 5, "\(command): \(run.seconds) s")
        }
    }

    /// 100,000 top-level keys (about 1 MB): the pre-scan stops at key 10,001 in linear time.
    @Test func hundredThousandKeysAreRefusedQuickly() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "a").status == 0)
        try ws.write("services/a/service.yaml", (0..<100_000).map { "k\($0): 1" }.joined(separator: "\n") + "\n")
        let run = try Self.measured(ws, "check", "a")
        #expect(run.result.status == 2, "\(run.result.stderr)")
        #expect(
            run.result.stderr.contains(
                "services/a/service.yaml:10001:1: a mapping with more than 10000 keys, past the key count limit"),
            "\(run.result.stderr)")
        #expect(run.seconds < 1.0, "took \(run.seconds) s")
        #expect(run.maxRSSKiB < 100 * 1024, "peak RSS \(run.maxRSSKiB) KiB")
    }

    @Test func typoedKeyIsAnErrorWithASuggestion() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "mail").status == 0)
        #expect(try ws.gate("new", "dns").status == 0)
        let plan = GitSandbox.completePlan("dns").replacingOccurrences(of: "depends_on: []", with: "dependson: [mail]")
        try ws.write("services/dns/service.yaml", plan)
        try ws.tickManualItems("services/dns/checklists/1-planning.md")
        try ws.git("add", "-A")
        try ws.git("commit", "-q", "-m", "plan dns")
        let head = try ws.git("rev-parse", "HEAD")
        let line =
            try #require(
                plan.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("dependson") })
            + 1
        for command in [["check", "dns"], ["advance", "dns"]] {
            let run = try ws.gate(command)
            #expect(run.status == 2, "\(command): \(run.status) \(run.stderr)")
            #expect(
                run.stderr.contains(
                    "services/dns/service.yaml:\(line):1: unknown key 'dependson' at dependson (did you mean `depends_on`?)"
                ),
                "\(run.stderr)")
        }
        #expect(try ws.git("rev-parse", "HEAD") == head, "nothing was committed")
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        try ws.write("gates/1-planning.yaml", gate.replacingOccurrences(of: "validators:", with: "validator:"))
        let check = try ws.gate("check", "mail")
        #expect(check.status == 2)
        #expect(check.stderr.contains("gates/1-planning.yaml:"), "\(check.stderr)")
        #expect(
            check.stderr.contains("unknown key 'validator' at validator (did you mean `validators`?)"),
            "\(check.stderr)")
    }

    @Test func baseImagesFileHasTheSameLimits() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "a").status == 0)
        var plan = GitSandbox.completePlan("a")
        plan += "build: .\n"
        try ws.write("services/a/service.yaml", plan)
        try ws.write("services/a/Containerfile", "FROM localhost/never-built:1\n")
        try ws.write("base-images.yaml", "localhost/never-built:1: \(Self.nested(5_000))\n")
        // `build` builds from HEAD's committed context.
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "a with a nested base-images.yaml")
        let build = try ws.gate("build", "a")
        #expect(build.status == 2, "\(build.status) \(build.stderr)")
        #expect(build.stderr.contains("base-images.yaml:1:"), "\(build.stderr)")
        #expect(build.stderr.contains("nesting depth limit"), "\(build.stderr)")
    }
}
