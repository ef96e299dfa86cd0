import Foundation

/// Everything `report` shows, computed from one commit by the same readers as `status`, `history`, `verify` and
/// the baseline report; the HTML renderer only lays it out.
public struct InsightsReport {
    /// The commit the report is of (full id) and its committer time: the report's only clock.
    public let commit: String
    public let time: Date
    /// The phase board at that commit (`status --ref`).
    public let board: [BoardRow]
    /// `verify` over the history reachable from the commit.
    public let audit: AuditReport
    /// Per service (sorted by name): transitions, time in each phase, baselines and combinations.
    public let services: [ServiceInsights]
    /// Per gated phase, the median over services of the time spent in it (services that have left it).
    public let phaseMedians: [PhaseMedian]
    public let approvals: [ApprovalEntry]
    public let waivers: [WaiverRecord]
    /// Evidence blobs that could not be read as evidence (named with their commit), so no point is silently lost.
    public let unreadable: [UnreadableEvidence]
}

/// One service's history as the report shows it.
public struct ServiceInsights {
    public let service: String
    /// Its transitions, oldest first, exactly as `history` lists them.
    public let transitions: [HistoryEntry]
    /// Each stay in a state, in order; the last one is open (`end` is the report's time).
    public let stays: [PhaseStay]
    /// Total seconds per gated phase (only phases it has been in), in phase order.
    public let timeInPhase: [PhaseTime]
    /// One series per baseline figure that any of its baselines recorded, in `BaselineFigure.all` order.
    public let baselines: [BaselineSeries]
    /// Every combination of every phase-5 transition it made, oldest first.
    public let combinations: [CombinationPoint]
}

/// A stretch of time a service spent in one state.
public struct PhaseStay: Sendable, Equatable {
    public let phase: String
    public let start: Date
    public let end: Date
    /// false for the stay the service is still in.
    public let closed: Bool
    public var seconds: Double { end.timeIntervalSince(start) }
}

/// Seconds a service spent in one gated phase, over all its stays there.
public struct PhaseTime: Sendable, Equatable {
    public let phase: String
    public let seconds: Double
    /// Whether the service is in this phase now (its time is still growing).
    public let ongoing: Bool
}

/// The median time per phase across services.
public struct PhaseMedian: Sendable, Equatable {
    public let phase: String
    /// nil when no service has left the phase yet.
    public let medianSeconds: Double?
    /// How many services the median is over.
    public let services: Int
}

/// One figure of the performance baseline over time, for one service.
public struct BaselineSeries {
    /// The figure's title (`Startup Time (median)`), the validator kind and metric it is read from.
    public let title: String
    public let kind: String
    public let metric: String
    public let lowerIsBetter: Bool
    public let points: [BaselinePoint]
    /// Formats a value the way the baseline report (`3-performance.md`) does.
    public let format: (Double) -> String
}

/// One baseline's value of a figure: the phase-3 transition commit it comes from and the target it was judged against.
public struct BaselinePoint: Sendable, Equatable {
    public let commit: String
    public let time: Date
    public let value: Double
    public let target: Double?
    public let status: String
}

/// One combination (pair, triplet, full set) as a phase-5 transition's evidence recorded it.
public struct CombinationPoint: Sendable, Equatable {
    public let service: String
    public let commit: String
    public let time: Date
    public let name: String
    public let status: String
    public let memoryBytes: Double?
    public let memoryLimitBytes: Double?
}

/// An evidence blob named by a transition that does not decode as evidence.
public struct UnreadableEvidence: Sendable, Equatable {
    public let service: String
    public let commit: String
    public let evidence: String
    public let problem: String
}
