import Domain
import Foundation

/// Time in phase, from a service's transitions alone: each transition starts a stay in its `to` state that
/// lasts until the next transition (or, for the state it is in now, until the report's commit time).
enum PhaseDurations {
    /// The stays of one service's transitions (oldest first), the last one open until `now` (`ready` too: the
    /// timeline shows since when; totals and medians count the gated phases only).
    static func stays(_ transitions: [HistoryEntry], now: Date) -> [PhaseStay] {
        var stays: [PhaseStay] = []
        for (index, entry) in transitions.enumerated() {
            if index + 1 < transitions.count {
                stays.append(
                    PhaseStay(phase: entry.to, start: entry.time, end: transitions[index + 1].time, closed: true))
            } else {
                stays.append(
                    PhaseStay(phase: entry.to, start: entry.time, end: max(now, entry.time), closed: false))
            }
        }
        return stays
    }

    /// Seconds per gated phase over all stays, in phase order; phases never entered are left out.
    static func totals(_ stays: [PhaseStay]) -> [PhaseTime] {
        Phase.gated.compactMap { phase in
            let mine = stays.filter { $0.phase == .phase(phase) }
            guard !mine.isEmpty else { return nil }
            return PhaseTime(
                phase: phase, seconds: mine.reduce(0) { $0 + $1.seconds },
                ongoing: mine.contains { !$0.closed })
        }
    }

    /// Per gated phase, the median of the services' completed time in it: the time of services that have left
    /// the phase at least once (a stay still open would pull the median towards "just started").
    static func medians(_ stays: [[PhaseStay]]) -> [PhaseMedian] {
        Phase.gated.map { phase in
            let values = stays.compactMap { service -> Double? in
                let closed = service.filter { $0.phase == .phase(phase) && $0.closed }
                return closed.isEmpty ? nil : closed.reduce(0) { $0 + $1.seconds }
            }
            return PhaseMedian(phase: phase, medianSeconds: median(values), services: values.count)
        }
    }

    /// The middle value (mean of the two middle ones for an even count); nil for none.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
