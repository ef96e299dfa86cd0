import Domain
import Foundation

/// One figure of the performance baseline: which validator kind measured it, under which metric, how it
/// reads, and how a regression against the previous baseline is judged.
struct BaselineFigure: Sendable {
    let title: String
    let kind: ValidatorKind
    let metric: String
    let targetMetric: String?
    /// "<" for figures that must stay under their target, ">" for throughput.
    let lowerIsBetter: Bool
    /// A change smaller than this (in the metric's unit) is noise, never a regression.
    let noiseFloor: Double
    let format: @Sendable (Double) -> String

    /// The seed template's four results, then what phase 3 adds (p95, recovery, soak slope).
    static let all: [BaselineFigure] = [
        .init(
            title: "Memory Usage", kind: .memory, metric: "memory_bytes", targetMetric: "target_bytes",
            lowerIsBetter: true, noiseFloor: 1_000_000
        ) { RuntimeFormat.bytes($0) },
        .init(
            title: "Startup Time (median)", kind: .startupTime, metric: "startup_median_s", targetMetric: "target_s",
            lowerIsBetter: true, noiseFloor: 0.05
        ) { RuntimeFormat.seconds($0) },
        .init(
            title: "Startup Time (p95)", kind: .startupTime, metric: "startup_p95_s", targetMetric: "target_s",
            lowerIsBetter: true, noiseFloor: 0.05
        ) { RuntimeFormat.seconds($0) },
        .init(
            title: "Service Response (p50)", kind: .responseTime, metric: "p50_ms", targetMetric: "target_ms",
            lowerIsBetter: true, noiseFloor: 5
        ) { String(format: "%.1f ms", $0) },
        .init(
            title: "Service Response (p95)", kind: .responseTime, metric: "p95_ms", targetMetric: "target_ms",
            lowerIsBetter: true, noiseFloor: 5
        ) { String(format: "%.1f ms", $0) },
        .init(
            title: "Throughput", kind: .throughput, metric: "per_second", targetMetric: "target_per_second",
            lowerIsBetter: false, noiseFloor: 0
        ) { String(format: "%.0f requests/sec", $0) },
        .init(
            title: "Restart Recovery", kind: .restartRecovery, metric: "recovery_s", targetMetric: "max_s",
            lowerIsBetter: true, noiseFloor: 0.1
        ) { RuntimeFormat.seconds($0) },
        .init(
            title: "Memory Growth (soak)", kind: .soak, metric: "slope_bytes_per_hour",
            targetMetric: "max_growth_bytes_per_hour",
            lowerIsBetter: true, noiseFloor: 5_000_000
        ) { RuntimeFormat.bytes($0) + "/h" },
    ]

    func value(in records: [ValidatorRecord]) -> (record: ValidatorRecord, value: Double)? {
        guard let record = records.last(where: { $0.kind == .validator(kind) }), let v = record.metrics[metric]?.number
        else { return nil }
        return (record, v)
    }

    /// "(target: < 100.0 MB)" or "" when the validator recorded no target.
    func targetText(_ record: ValidatorRecord) -> String {
        guard let key = targetMetric, let t = record.metrics[key]?.number else { return "" }
        return " (target: \(lowerIsBetter ? "<" : ">") \(format(t)))"
    }

    /// Percent worse than `previous` (positive = worse); nil when not comparable or within the noise floor.
    func regressionPercent(now: Double, previous: Double) -> Double? {
        guard previous > 0 else { return nil }
        let worse = lowerIsBetter ? now - previous : previous - now
        guard worse > noiseFloor else { return nil }
        return worse / previous * 100
    }
}
