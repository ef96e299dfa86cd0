import Domain
import Foundation

/// What a branch changes, for a pull request: per service old → new phase and what backs it, plus verify.
package struct ReviewReport: Codable, Sendable {
    package let base: String
    package let head: String
    /// The commit the old phases are read from: the fork point of the range when it has exactly one, else `base`.
    package let oldPoint: String
    package let commits: Int
    package let services: [ServiceReview]
    package let audit: AuditReport
    /// Gate files and checks the range changes (legal in an ordinary commit, so shown, never hidden).
    package var gateChanges: [GateChange] = []

    enum CodingKeys: String, CodingKey {
        case base, head, commits, services, audit
        case oldPoint = "old_point"
        case gateChanges = "gate_changes"
    }
}

/// One service's part of a review.
package struct ServiceReview: Codable, Sendable {
    /// The service folder's name as committed.
    package let service: Recorded<ServiceName>
    /// nil when the service does not exist on that side.
    package let oldPhase: String?
    package let newPhase: String?
    /// Transitions in the range, oldest first, with their signers.
    package let transitions: [HistoryEntry]
    /// Evidence files the range adds or changes.
    package let evidence: [EvidenceSummary]
    /// Old vs new figures of `evidence/3-performance.json`, when it changed.
    package let baseline: [MetricDelta]
    /// Checklist items ticked at the head that were not ticked before the range.
    package let ticked: [TickedItem]
    /// Waiver, unwaive and waiver-approval commits in the range, oldest first.
    package var waivers: [HistoryEntry] = []

    enum CodingKeys: String, CodingKey {
        case service, transitions, evidence, baseline, ticked, waivers
        case oldPhase = "old_phase"
        case newPhase = "new_phase"
    }
}

/// The validator summary of one evidence file.
package struct EvidenceSummary: Codable, Sendable {
    package struct Line: Codable, Sendable {
        package let id: String
        package let status: Recorded<ValidatorStatus>
        package let message: String
    }
    package let path: String
    package let phase: String?
    package let passed: Int
    package let failed: Int
    package let skipped: Int
    package let validators: [Line]
}

/// One figure of the performance baseline, before and after.
package struct MetricDelta: Codable, Sendable {
    package let validator: String
    package let metric: String
    package let old: Double?
    package let new: Double?
    /// (new − old) / old × 100, when both exist and old is not zero.
    package let changePercent: Double?

    enum CodingKeys: String, CodingKey {
        case validator, metric, old, new
        case changePercent = "change_percent"
    }
}

/// A checklist item newly ticked in the range, and who ticked it in which commit.
package struct TickedItem: Codable, Sendable {
    package let path: String
    package let line: Int
    package let text: String
    /// Ticked by a validator (an `auto:` item) rather than a person.
    package let automated: Bool
    /// The commit that ticked it (nil when no commit in the range did, e.g. the range starts after it).
    package let commit: String?
    package let by: String?
    package let time: Date?
}
