import Foundation

/// baseline-report: writes the seed's Performance Documentation Template (`3-performance.md`, returned as an
/// artifact the gate runner stores in the evidence folder) from the figures the performance validators of
/// this run recorded, and compares them with the previous baseline (the same phase's evidence in git,
/// handed over in the run's scratchpad). A figure worse by more than option `regression_percent` (default
/// 20) — and by more than its noise floor — fails the gate, named figure by figure. Put it last in the gate.
struct BaselineReportValidator: RuntimeCheck {
    static let artifactName = "3-performance.md"

    func evaluate(_ input: RuntimeInput) throws -> ValidatorOutcome {
        let limit = try input.options.number("regression_percent") ?? 20
        let records = input.scratchpad.records
        let current = BaselineFigure.all.compactMap { f in f.value(in: records).map { (f, $0.record, $0.value) } }
        guard !current.isEmpty else {
            return .fail(
                "no performance figures were recorded in this run: list baseline-report after startup-time, memory, response-time… in gates/3-performance.yaml"
            )
        }
        let previous = input.scratchpad.previous
        var regressions: [String] = []
        var comparison: [String] = []
        for (figure, _, now) in current {
            guard let prev = previous.flatMap({ figure.value(in: $0.validators) })?.value else { continue }
            let change = prev > 0 ? (now - prev) / prev * 100 : 0
            let regression = figure.regressionPercent(now: now, previous: prev).flatMap { $0 > limit ? $0 : nil }
            comparison.append(
                "| \(figure.title) | \(figure.format(prev)) | \(figure.format(now)) | \(String(format: "%+.0f %%", change)) | \(regression == nil ? "✅" : "❌ regression") |"
            )
            if let r = regression {
                regressions.append(
                    "\(figure.title) \(figure.format(now)) vs \(figure.format(prev)) in the previous baseline (\(String(format: "%.0f", r)) % worse, limit \(String(format: "%g", limit)) %)"
                )
            }
        }
        let report = BaselineDocument(
            service: input.profile.service, image: input.scratchpad.image, imageRef: input.profile.image,
            figures: current, records: records, previous: previous, comparison: comparison, regressions: regressions,
            engine: input.engine.environmentFacts().map {
                $0.merging(input.engine.probeAddress.facts) { fact, _ in fact }
            }
        ).markdown()
        var metrics: [String: MetricValue] = [
            "figures": .number(Double(current.count)),
            "regressions": .number(Double(regressions.count)),
            "regression_limit_percent": .number(limit),
        ]
        if previous == nil { metrics["previous"] = .text("none") }
        let artifacts = [Self.artifactName: report]
        guard regressions.isEmpty else {
            return ValidatorOutcome(
                .fail, "regression against the previous baseline: " + regressions.joined(separator: "; "),
                metrics: metrics, output: report, artifacts: artifacts)
        }
        let against =
            previous == nil
            ? "no previous baseline to compare with"
            : "no figure regressed more than \(String(format: "%g", limit)) % against the previous baseline"
        return ValidatorOutcome(
            .pass, "baseline report with \(current.count) figures; \(against)", metrics: metrics,
            output: report, artifacts: artifacts)
    }
}
