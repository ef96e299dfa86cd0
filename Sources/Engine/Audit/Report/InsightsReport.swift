import Domain
import Foundation

/// Everything `report` shows, computed from one commit by the same readers as `status`, `history`, `verify` and
/// the baseline report; the HTML renderer only lays it out.
package struct InsightsReport {
    /// The commit the report is of (full id) and its committer time: the report's only clock.
    package let commit: String
    package let time: Date
    /// The phase board at that commit (`status --ref`).
    package let board: [BoardRow]
    /// `verify` over the history reachable from the commit.
    package let audit: AuditReport
    /// Per service (sorted by name): transitions, time in each phase, baselines and combinations.
    package let services: [ServiceInsights]
    /// Per gated phase, the median over services of the time spent in it (services that have left it).
    package let phaseMedians: [PhaseMedian]
    package let approvals: [ApprovalEntry]
    package let waivers: [WaiverRecord]
    /// Evidence blobs that could not be read as evidence (named with their commit), so no point is silently lost.
    package let unreadable: [UnreadableEvidence]
}

/// One service's history as the report shows it.
package struct ServiceInsights {
    package let service: Recorded<ServiceName>
    /// Its transitions, oldest first, exactly as `history` lists them.
    package let transitions: [HistoryEntry]
    /// Each stay in a state, in order; the last one is open (`end` is the report's time).
    package let stays: [PhaseStay]
    /// Total seconds per gated phase (only phases it has been in), in phase order.
    package let timeInPhase: [PhaseTime]
    /// One series per baseline figure that any of its baselines recorded, in `BaselineFigure.all` order.
    package let baselines: [BaselineSeries]
    /// Every combination of every phase-5 transition it made, oldest first.
    package let combinations: [CombinationPoint]
}

/// A stretch of time a service spent in one state.
package struct PhaseStay: Sendable, Equatable {
    /// The state as the transition that began the stay recorded it.
    package let phase: RecordedState
    package let start: Date
    package let end: Date
    /// false for the stay the service is still in.
    package let closed: Bool
    package var seconds: Double { end.timeIntervalSince(start) }
}

/// Seconds a service spent in one gated phase, over all its stays there.
package struct PhaseTime: Sendable, Equatable {
    package let phase: Phase
    package let seconds: Double
    /// Whether the service is in this phase now (its time is still growing).
    package let ongoing: Bool
}

/// The median time per phase across services.
package struct PhaseMedian: Sendable, Equatable {
    package let phase: Phase
    /// nil when no service has left the phase yet.
    package let medianSeconds: Double?
    /// How many services the median is over.
    package let services: Int
}

/// One figure of the performance baseline over time, for one service.
package struct BaselineSeries {
    /// The figure's title (`Startup Time (median)`), the validator kind and metric it is read from.
    package let title: String
    package let kind: ValidatorKind
    package let metric: String
    package let lowerIsBetter: Bool
    package let points: [BaselinePoint]
    /// Formats a value the way the baseline report (`3-performance.md`) does.
    package let format: (Double) -> String
}

/// One baseline's value of a figure: the phase-3 transition commit it comes from and the target it was judged against.
package struct BaselinePoint: Sendable, Equatable {
    package let commit: String
    package let time: Date
    package let value: Double
    package let target: Double?
    package let status: ValidatorStatus
}

/// One combination (pair, triplet, full set) as a phase-5 transition's evidence recorded it.
package struct CombinationPoint: Sendable, Equatable {
    package let service: Recorded<ServiceName>
    package let commit: String
    package let time: Date
    package let name: String
    /// The combination's `c<n>.status` metric as recorded (evidence is read back from history).
    package let status: Recorded<ValidatorStatus>
    package let memoryBytes: Double?
    package let memoryLimitBytes: Double?
}

/// An evidence blob named by a transition that does not decode as evidence.
package struct UnreadableEvidence: Sendable, Equatable {
    package let service: Recorded<ServiceName>
    package let commit: String
    package let evidence: String
    package let problem: String
}
