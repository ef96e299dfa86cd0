import Domain
import Foundation
import Testing

@testable import Engine

/// The report's pure parts: time in phase and its medians, escaping, chart geometry, evidence figures.
@Suite struct ReportModelTests {
    static func entry(_ from: String, _ to: String, at seconds: Double, service: String = "dns") -> HistoryEntry {
        HistoryEntry(
            time: Date(timeIntervalSince1970: seconds), service: Recorded(service), from: RecordedState(from),
            to: RecordedState(to), kind: "advance",
            signer: "A <a@x>", signature: .unsigned, signatureSigner: nil, evidence: nil, reason: nil,
            commit: String(repeating: "a", count: 40))
    }

    @Test func staysRunFromTransitionToTransitionAndTheLastIsOpen() {
        let transitions = [
            Self.entry("none", "planning", at: 0), Self.entry("planning", "isolation", at: 100),
            Self.entry("isolation", "planning", at: 150), Self.entry("planning", "isolation", at: 400),
        ]
        let stays = PhaseDurations.stays(transitions, now: Date(timeIntervalSince1970: 1000))
        #expect(stays.map(\.phase.text) == ["planning", "isolation", "planning", "isolation"])
        #expect(stays.map(\.seconds) == [100, 50, 250, 600])
        #expect(stays.map(\.closed) == [true, true, true, false])
        let totals = PhaseDurations.totals(stays)
        #expect(
            totals == [
                PhaseTime(phase: .planning, seconds: 350, ongoing: false),
                PhaseTime(phase: .isolation, seconds: 650, ongoing: true),
            ])
    }

    @Test func mediansCountOnlyServicesThatLeftThePhase() {
        let now = Date(timeIntervalSince1970: 10_000)
        let a = PhaseDurations.stays(
            [Self.entry("none", "planning", at: 0), Self.entry("planning", "isolation", at: 100)], now: now)
        let b = PhaseDurations.stays(
            [Self.entry("none", "planning", at: 0), Self.entry("planning", "isolation", at: 300)], now: now)
        let c = PhaseDurations.stays(
            [
                Self.entry("none", "planning", at: 0), Self.entry("planning", "isolation", at: 200),
                Self.entry("isolation", "performance", at: 260),
            ], now: now)
        let d = PhaseDurations.stays([Self.entry("none", "planning", at: 9_000)], now: now)
        let medians = PhaseDurations.medians([a, b, c, d])
        #expect(medians[0] == PhaseMedian(phase: .planning, medianSeconds: 200, services: 3))
        #expect(medians[1] == PhaseMedian(phase: .isolation, medianSeconds: 60, services: 1))
        #expect(medians[2] == PhaseMedian(phase: .performance, medianSeconds: nil, services: 0))
        #expect(PhaseDurations.median([4, 1, 3, 2]) == 2.5)
    }

    @Test func escapingKeepsMarkupAndNetworkReferencesOut() {
        let text = HTMLText.escape("see https://example.org/x <b>&\"' \u{7}")
        #expect(!text.contains("https://") && !text.contains("<b>"))
        #expect(text == "see https:&#47;&#47;example.org/x &lt;b&gt;&amp;&quot;&#39; \u{FFFD}")
        // Bidi overrides and isolates would let a reason reorder the row a reviewer reads.
        #expect(HTMLText.escape("ok \u{202E}gnp.exe\u{202C} \u{2067}x") == "ok \\u202Egnp.exe\\u202C \\u2067x")
        #expect(HTMLText.exact(0.1 + 0.2) == "0.30000000000000004")
        #expect(HTMLText.exact(100_000_000) == "100000000")
        #expect(HTMLText.duration(3 * 86_400 + 4 * 3_600) == "3d 4h")
        #expect(HTMLText.duration(3_900) == "1h 05m")
        #expect(HTMLText.time(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00 UTC")
    }

    @Test func chartPointsSitWhereTheirValuesSay() throws {
        let points = [3.0, 1.0, 2.0].enumerated().map { index, value in
            SVGLineChart.Point(
                label: "c\(index)", value: value, target: 2.5, data: [("value", HTMLText.exact(value))], title: "t")
        }
        let svg = SVGLineChart(id: "x", title: "T", points: points, format: { "\($0)" }).render()
        let regex = try Regex(#"cy="([0-9.]+)""#)
        let ys = svg.matches(of: regex).compactMap { $0.output[1].substring.flatMap { Double(String($0)) } }
        #expect(ys.count == 3)
        #expect(ys[1] > ys[2] && ys[2] > ys[0], "\(ys)")
        #expect(svg.contains("class=\"target\""))
        #expect(svg.contains("data-value=\"3\"") && svg.contains("data-value=\"1\""))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        let flat = SVGLineChart(
            id: "y", title: "T", points: [.init(label: "a", value: 0, target: nil, data: [], title: "")],
            format: { "\($0)" }
        ).render()
        #expect(!flat.contains("nan") && !flat.contains("inf") && !flat.contains("class=\"target\""))
    }

    @Test func baselineFiguresComeFromEvidenceAsTheBaselineReportReadsThem() {
        func record(_ kind: String, _ metrics: [String: MetricValue], status: ValidatorStatus = .pass)
            -> ValidatorRecord
        {
            ValidatorRecord(
                id: kind, kind: RecordKind(kind), status: status, attempts: 1, passes: 1, durationMs: 1, message: "",
                metrics: metrics, output: "")
        }
        func evidence(_ median: Double, _ throughput: Double?) -> Evidence {
            var validators = [record("startup-time", ["startup_median_s": .number(median), "target_s": .number(5)])]
            if let throughput {
                validators.append(record("throughput", ["per_second": .number(throughput)], status: .fail))
            }
            return Evidence(
                toolVersion: "t", service: "dns", phase: .performance, startedAt: Date(), finishedAt: Date(),
                passed: true, image: nil, environment: [:], validators: validators)
        }
        let series = EvidencePoints.baselines([
            (Self.entry("performance", "integration-planning", at: 1), evidence(0.5, nil)),
            (Self.entry("performance", "integration-planning", at: 2), evidence(0.7, 900)),
        ])
        #expect(series.map(\.metric) == ["startup_median_s", "per_second"])
        #expect(series[0].points.map(\.value) == [0.5, 0.7])
        #expect(series[0].points.map(\.target) == [5, 5])
        #expect(series[1].points.map(\.value) == [900])
        #expect(series[1].points[0].target == nil && series[1].points[0].status == .fail)
    }

    @Test func combinationsAreReadInRunOrder() {
        let metrics: [String: MetricValue] = [
            "combinations": .number(2), "c1.name": .text("pair dns+mail"), "c1.status": .text("pass"),
            "c1.memory_bytes": .number(11_000_000), "c1.memory_limit_bytes": .number(200_000_000),
            "c2.name": .text("triplet dns+apache+mail"), "c2.status": .text("fail"),
        ]
        let evidence = Evidence(
            toolVersion: "t", service: "mail", phase: .combination, startedAt: Date(), finishedAt: Date(), passed: true,
            image: nil, environment: [:],
            validators: [
                ValidatorRecord(
                    id: "combinations", kind: .validator(.combinations), status: .pass, attempts: 1, passes: 1,
                    durationMs: 1, message: "", metrics: metrics, output: "")
            ])
        let points = EvidencePoints.combinations(
            Self.entry("combination", "production", at: 5, service: "mail"), evidence: evidence)
        #expect(points.map(\.name) == ["pair dns+mail", "triplet dns+apache+mail"])
        #expect(points.map(\.status) == ["pass", "fail"])
        #expect(points[0].memoryBytes == 11_000_000 && points[0].memoryLimitBytes == 200_000_000)
        #expect(points[1].memoryBytes == nil)
    }
}
