import Foundation
import TestSupport
import Testing

/// `report` as a user runs it, checked by a real browser (headless chromium: DOM and screenshot) and an
/// independent HTML5 parser (html5lib), on a forged history with reopens and three baselines per service and
/// on this repository's own history.
@Suite(.serialized, .blocking) struct ReportTests {
    /// Writes the report of `ref` (HEAD when nil) in `ws` to `name` under the sandbox and returns its path.
    static func report(_ ws: GitSandbox, _ name: String, extra: [String] = []) throws -> String {
        let path = ws.root + "/.browser-" + name
        let result = try ws.gate(["report", "--out", path] + extra)
        guard result.status == 0 else { throw AuditTestFailure(command: ["podserve-gate", "report"], result: result) }
        return path
    }

    /// The file holds no network reference and parses without error; the same commit gives the same bytes.
    static func expectSelfContained(_ path: String, again: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(data == (try Data(contentsOf: URL(fileURLWithPath: again))), "two reports of one commit differ")
        let text = String(decoding: data, as: UTF8.self).lowercased()
        #expect(!text.contains("http://") && !text.contains("https://"), "the page names a network address")
        #expect(!text.contains("<script"), "the page carries a script")
        #expect(text.hasPrefix("<!doctype html>"))
    }

    static func number(_ point: [String: Any], _ key: String) -> Double? {
        (point[key] as? String).flatMap(Double.init)
    }

    @Test func forgedHistoryRendersInChromiumWithOnePointPerBaseline() throws {
        let fixture = try ReportFixture.make()
        let ws = fixture.ws
        defer { ws.remove() }
        let first = try Self.report(ws, "a.html")
        // A dirty work tree changes nothing: the report is of the commit.
        try ws.write("services/web/state.yaml", "phase: ready\n")
        try ws.write("notes.txt", "uncommitted\n")
        let second = try Self.report(ws, "b.html")
        try Self.expectSelfContained(first, again: second)
        let stdout = try ws.gate("report")
        #expect(stdout.status == 0)
        #expect(Data(stdout.stdout.utf8) == (try Data(contentsOf: URL(fileURLWithPath: first))))

        let page = try ReportBrowser.inspect(html: first, scratch: ws)
        #expect(page.parseErrors.isEmpty, "html5lib: \(page.parseErrors)")
        #expect(page.services == ReportFixture.services)
        #expect(page.board.map { $0["service"] ?? "" } == ReportFixture.services)
        #expect(page.board.map { $0["phase"] ?? "" } == ["production", "integration-planning", "integration-planning"])
        #expect(page.board.map { $0["findings"] ?? "" } == ["0", "0", "0"])
        #expect(page.approvals == ReportFixture.services.map { "\($0)/planning" })
        // The same numbers as status and history print.
        let status = try JSONSerialization.jsonObject(
            with: Data(try ws.gate("status", "--ref", "HEAD", "--format", "json").stdout.utf8))
        let lastCommits = (status as? [[String: Any]] ?? []).map {
            (($0["last"] as? [String: Any])?["commit"] as? String) ?? "?"
        }
        #expect(page.board.map { $0["last"] ?? "" } == lastCommits)
        let history = try JSONSerialization.jsonObject(
            with: Data(try ws.gate("history", "--format", "json").stdout.utf8))
        for service in ReportFixture.services {
            let commits = (history as? [[String: Any]] ?? []).filter { $0["service"] as? String == service }.compactMap
            { $0["commit"] as? String }
            // create, planning, isolation, 3 baselines, 2 reopens; dns also 2 combinations, 1 reopen, 1 to combination.
            #expect(commits.count == (service == "dns" ? 12 : 8), "\(service)")
            #expect(page.transitions[service] == commits, "\(service)")
        }
        for (index, service) in ReportFixture.services.enumerated() {
            for (_, metric, targetKey) in ReportFixture.figures {
                let points = page.charts["\(service)/\(metric)"] ?? []
                #expect(points.count == 3, "\(service)/\(metric): \(points.count) point(s)")
                #expect(
                    points.map { Self.number($0, "value") }
                        == (1...3).map { ReportFixture.value(metric, index: index, baseline: $0) },
                    "\(service)/\(metric)")
                #expect(
                    points.map { Self.number($0, "target") }
                        == Array(repeating: ReportFixture.target(targetKey), count: 3))
                #expect(
                    points.map { $0["commit"] as? String }
                        == (fixture.baselineCommits[service] ?? []).map { Optional($0) })
            }
            // Larger values are drawn higher (smaller y), so the points are where their values say.
            let startup = (page.charts["\(service)/startup_median_s"] ?? []).compactMap { $0["cy"] as? Double }
            #expect(startup.count == 3 && startup[0] > startup[1] && startup[1] > startup[2], "\(startup)")
            // A reason naming a URL reads as written in the browser, yet the file holds no network reference.
            #expect(page.text.contains("baseline 3 of \(service): image rebuilt, see https://example.org/issues/3"))
        }
        let pair = page.combinations["pair dns+mail"] ?? []
        #expect(pair.map { Self.number($0, "value") } == fixture.combinationCommits.map { Optional($0.memory) })
        #expect(pair.map { $0["commit"] as? String } == fixture.combinationCommits.map { Optional($0.commit) })
        #expect(page.text.contains("verify: clean"), "verify section: \(page.text.prefix(2000))")
        #expect(!page.text.contains("Waivers"), "no waiver commit, so no waiver section")

        #expect(page.width == 1200 && page.height == 1600)
        #expect(page.colourCount >= 100, "screenshot has \(page.colourCount) colours")
        // The header's blue and the planning and performance colours of the drawn bars are on screen.
        #expect(page.colours.isSuperset(of: ["1d3557", "4e79a7", "edc948"]), "\(page.colours.count) colours")
    }

    @Test func waiverCommitsGetTheirOwnSection() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.commit(
            ["notes.md": "gap\n"],
            message: """
                waive(dns): clean-logs until 2026-12-31

                Gate-Waiver-Service: dns
                Gate-Waiver-Validator: clean-logs
                Gate-Waiver-Expires: 2026-12-31
                Gate-Waiver-Owner: ops@example.com
                Signed-off-by: Test Person <test@example.com>
                """)
        let text = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: try Self.report(ws, "w.html"))), as: UTF8.self)
        #expect(text.contains("<section id=\"waivers\">"))
        #expect(text.contains("Gate-Waiver-Validator: clean-logs"))
        #expect(text.contains("ops@example.com"))
    }

    @Test func verifyFindingsShowOnTheBoardAndInTheirSection() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.commit(["services/dns/state.yaml": "phase: ready\n"], message: "shortcut")
        let result = try ws.gate("report")
        #expect(result.status == 0, "a report with findings is still written: \(result.stderr)")
        #expect(result.stdout.contains("data-service=\"dns\" data-phase=\"ready\" data-number=\"7\" data-last="))
        #expect(result.stdout.contains("data-findings=\"1\""))
        #expect(result.stdout.contains("<section id=\"verify\" data-clean=\"false\" data-findings=\"1\">"))
        #expect(result.stdout.contains("<tr data-rule=\"state-outside-gate\" data-service=\"dns\">"))
    }

    @Test func badInputAndHistoryCSV() throws {
        let empty = try GitSandbox()
        defer { empty.remove() }
        let none = try empty.gate("report")
        #expect(none.status == 3)
        #expect(none.stderr.contains("no commits yet"))
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        try ws.expectGate(["advance", "dns"])
        try ws.expectGate(["reopen", "dns", "--to", "planning", "--reason", "x, \"quoted\""])
        let bad = try ws.gate("report", "--ref", "no-such-branch")
        #expect(bad.status == 2, "\(bad.stderr)")
        let nowhere = try ws.gate("report", "--out", "missing/report.html")
        #expect(nowhere.status == 3)
        #expect(nowhere.stderr.contains("the folder \(ws.root)/missing does not exist"), "\(nowhere.stderr)")
        #expect(try ws.porcelain().isEmpty, "a failed report writes nothing")
        let csv = try ws.gate("history", "--format", "csv")
        #expect(csv.status == 0)
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines.first == "time,service,from,to,kind,signer,signature,signature_signer,evidence,reason,commit")
        #expect(lines.count == 5 && lines[4].isEmpty, "\(lines)")
        #expect(lines[1].contains(",dns,none,planning,create,"))
        let parsed = try ws.run(
            "/usr/bin/python3",
            ["-c", "import csv,sys; rows=list(csv.reader(sys.stdin.read().splitlines())); print(rows[3][9])"],
            input: csv.stdout)
        #expect(parsed.stdout == "x, \"quoted\"\n", "\(parsed.stdout)\(parsed.stderr)")
    }

    /// This repository's own report, from its real history (CI runs in a fresh clone, where history is present):
    /// every service's baselines are the figures of the evidence blobs of its phase-3 transitions, read here
    /// with the git CLI and JSONSerialization.
    @Test func ownRepositoryReport() throws {
        let scratch = try GitSandbox(initialize: false)
        defer { scratch.remove() }
        let root = GateCLI.packageRoot
        let paths = [scratch.root + "/own-a.html", scratch.root + "/own-b.html"]
        for path in paths {
            let result = try scratch.gate(["-C", root, "report", "--out", path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        try Self.expectSelfContained(paths[0], again: paths[1])
        let page = try ReportBrowser.inspect(html: paths[0], scratch: scratch)
        #expect(page.parseErrors.isEmpty, "html5lib: \(page.parseErrors)")
        let log = try scratch.git([
            "-C", root, "log",
            "--format=%H %(trailers:key=Gate-Service,valueonly,separator=)"
                + " %(trailers:key=Gate-From,valueonly,separator=) %(trailers:key=Gate-Evidence,valueonly,separator=)",
        ])
        var expected: [String: [(commit: String, median: Double)]] = [:]
        for line in log.split(separator: "\n").reversed() {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 4, parts[2] == "performance" else { continue }
            let blob = try scratch.git(["-C", root, "cat-file", "blob", parts[3]])
            let object = try JSONSerialization.jsonObject(with: Data(blob.utf8)) as? [String: Any]
            let startup = (object?["validators"] as? [[String: Any]])?.first { $0["kind"] as? String == "startup-time" }
            guard let median = (startup?["metrics"] as? [String: Any])?["startup_median_s"] as? Double else { continue }
            expected[parts[1], default: []].append((parts[0], median))
        }
        #expect(!expected.isEmpty, "this repository's history has phase-3 transitions")
        #expect(Set(page.services).isSuperset(of: expected.keys))
        for (service, baselines) in expected {
            let points = page.charts["\(service)/startup_median_s"] ?? []
            #expect(points.map { $0["commit"] as? String } == baselines.map { Optional($0.commit) }, "\(service)")
            // Foundation's JSONSerialization on Linux may read the last binary digit differently from the
            // tool's JSONDecoder: compare to 1e-12 relative, far below any printed figure.
            let values = points.compactMap { Self.number($0, "value") }
            #expect(values.count == baselines.count, "\(service)")
            for (value, baseline) in zip(values, baselines) {
                #expect(
                    abs(value - baseline.median) <= 1e-12 * max(1, abs(value)),
                    "\(service): \(value) vs \(baseline.median)")
            }
        }
        #expect(page.colourCount >= 100, "screenshot has \(page.colourCount) colours")
        #expect(page.colours.contains("1d3557"))
    }
}
