import Domain
import Foundation

/// Turns the evidence of phase-3 and phase-5 transitions into chart points, reading evidence with `Evidence.decode`
/// and figures with `BaselineFigure` — the code the gate writes them and the baseline report reads them with.
enum EvidencePoints {
    /// A service's baseline series: one per figure of `BaselineFigure.all` that at least one baseline holds.
    static func baselines(_ evidence: [(entry: HistoryEntry, evidence: Evidence)]) -> [BaselineSeries] {
        BaselineFigure.all.compactMap { figure in
            let points = evidence.compactMap { item -> BaselinePoint? in
                guard let (record, value) = figure.value(in: item.evidence.validators) else { return nil }
                let target = figure.targetMetric.flatMap { record.metrics[$0]?.number }
                return BaselinePoint(
                    commit: item.entry.commit, time: item.entry.time, value: value, target: target,
                    status: record.status)
            }
            guard !points.isEmpty else { return nil }
            return BaselineSeries(
                title: figure.title, kind: figure.kind, metric: figure.metric,
                lowerIsBetter: figure.lowerIsBetter, points: points, format: figure.format)
        }
    }

    /// The combinations a phase-5 evidence records (`c<n>.name`, `c<n>.status`, `c<n>.memory_bytes`, …, written by
    /// `CombinationsValidator`), in run order.
    static func combinations(_ entry: HistoryEntry, evidence: Evidence) -> [CombinationPoint] {
        guard let record = evidence.validators.last(where: { $0.kind == .validator(.combinations) }) else { return [] }
        let count = Int(record.metrics["combinations"]?.number ?? 0)
        guard count > 0 else { return [] }
        return (1...count).compactMap { n in
            let prefix = "c\(n)."
            guard let name = record.metrics[prefix + "name"]?.description else { return nil }
            // A combination without a status of its own was reached by a passing run (the key came later).
            let status = record.metrics[prefix + "status"].map { Recorded($0.description) } ?? .known(record.status)
            return CombinationPoint(
                service: entry.service, commit: entry.commit, time: entry.time, name: name, status: status,
                memoryBytes: record.metrics[prefix + "memory_bytes"]?.number,
                memoryLimitBytes: record.metrics[prefix + "memory_limit_bytes"]?.number)
        }
    }
}
