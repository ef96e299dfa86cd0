import Foundation

/// What a branch changes, for a pull request: per service old → new phase and what backs it, plus verify.
public struct ReviewReport: Codable, Sendable {
    public let base: String
    public let head: String
    /// The commit the old phases are read from: the fork point of the range when it has exactly one, else `base`.
    public let oldPoint: String
    public let commits: Int
    public let services: [ServiceReview]
    public let audit: AuditReport
    /// Gate files and checks the range changes (legal in an ordinary commit, so shown, never hidden).
    public var gateChanges: [GateChange] = []

    enum CodingKeys: String, CodingKey {
        case base, head, commits, services, audit
        case oldPoint = "old_point"
        case gateChanges = "gate_changes"
    }
}

/// One service's part of a review.
public struct ServiceReview: Codable, Sendable {
    public let service: String
    /// nil when the service does not exist on that side.
    public let oldPhase: String?
    public let newPhase: String?
    /// Transitions in the range, oldest first, with their signers.
    public let transitions: [HistoryEntry]
    /// Evidence files the range adds or changes.
    public let evidence: [EvidenceSummary]
    /// Old vs new figures of `evidence/3-performance.json`, when it changed.
    public let baseline: [MetricDelta]
    /// Checklist items ticked at the head that were not ticked before the range.
    public let ticked: [TickedItem]
    /// Waiver, unwaive and waiver-approval commits in the range, oldest first.
    public var waivers: [HistoryEntry] = []

    enum CodingKeys: String, CodingKey {
        case service, transitions, evidence, baseline, ticked, waivers
        case oldPhase = "old_phase"
        case newPhase = "new_phase"
    }
}

/// The validator summary of one evidence file.
public struct EvidenceSummary: Codable, Sendable {
    public struct Line: Codable, Sendable {
        public let id: String
        public let status: Recorded<ValidatorStatus>
        public let message: String
    }
    public let path: String
    public let phase: String?
    public let passed: Int
    public let failed: Int
    public let skipped: Int
    public let validators: [Line]
}

/// One figure of the performance baseline, before and after.
public struct MetricDelta: Codable, Sendable {
    public let validator: String
    public let metric: String
    public let old: Double?
    public let new: Double?
    /// (new − old) / old × 100, when both exist and old is not zero.
    public let changePercent: Double?

    enum CodingKeys: String, CodingKey {
        case validator, metric, old, new
        case changePercent = "change_percent"
    }
}

/// A checklist item newly ticked in the range, and who ticked it in which commit.
public struct TickedItem: Codable, Sendable {
    public let path: String
    public let line: Int
    public let text: String
    /// Ticked by a validator (an `auto:` item) rather than a person.
    public let automated: Bool
    /// The commit that ticked it (nil when no commit in the range did, e.g. the range starts after it).
    public let commit: String?
    public let by: String?
    public let time: Date?
}
