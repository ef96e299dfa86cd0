import Domain
import Foundation

/// An evidence file as an audit reads it from a commit: only the fields audits judge, each read leniently (a
/// field of the wrong JSON type reads as absent, or as `.unrecognized` for a status), so one odd field never
/// hides the rest of the record from `verify` or `review`.
struct RecordedEvidence: Decodable {
    let service: Recorded<ServiceName>?
    let phase: Recorded<Phase>?
    /// The top-level verdict, when the file has one.
    let passed: Bool?
    let validators: [RecordedValidator]
    /// `validators` is present but not a list of objects: nothing in it can be trusted.
    let validatorsMalformed: Bool

    /// Decodes `data`; nil when it is not a JSON object.
    static func read(_ data: Data) -> RecordedEvidence? {
        try? JSONDecoder().decode(RecordedEvidence.self, from: data)
    }

    private enum Keys: String, CodingKey { case service, phase, passed, validators }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        service = (try? c.decodeIfPresent(String.self, forKey: .service)).flatMap { $0 }.map(Recorded.init)
        phase = (try? c.decodeIfPresent(String.self, forKey: .phase)).flatMap { $0 }.map(Recorded.init)
        passed = try? c.decodeIfPresent(Bool.self, forKey: .passed)
        if c.contains(.validators) {
            let list = try? c.decode([RecordedValidator].self, forKey: .validators)
            validators = list ?? []
            validatorsMalformed = list == nil
        } else {
            validators = []
            validatorsMalformed = false
        }
    }
}

/// One validator record of a `RecordedEvidence`.
struct RecordedValidator: Decodable {
    let id: String?
    /// Nil when the record has no status; `.unrecognized` when it has one this tool does not know (or not text).
    let status: Recorded<ValidatorStatus>?
    let passed: Bool?
    let message: String?
    /// The commit of the waiver a `waived` record names.
    let waiverCommit: String?
    /// The numeric metrics; others are left out.
    let metrics: [String: Double]

    /// `id`, or `?` when the record has none.
    var name: String { id ?? "?" }

    private enum Keys: String, CodingKey { case id, status, passed, message, waiver, metrics }
    private enum WaiverKeys: String, CodingKey { case commit }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try? c.decodeIfPresent(String.self, forKey: .id)
        if c.contains(.status) {
            status = (try? c.decode(String.self, forKey: .status)).map(Recorded.init) ?? .unrecognized("(not text)")
        } else {
            status = nil
        }
        passed = try? c.decodeIfPresent(Bool.self, forKey: .passed)
        message = try? c.decodeIfPresent(String.self, forKey: .message)
        let waiver = try? c.nestedContainer(keyedBy: WaiverKeys.self, forKey: .waiver)
        waiverCommit = (try? waiver?.decodeIfPresent(String.self, forKey: .commit)) ?? nil
        let numbers = (try? c.decodeIfPresent([String: LooseNumber].self, forKey: .metrics)) ?? nil
        metrics = (numbers ?? [:]).compactMapValues(\.number)
    }

    /// A metric value that is a number, or nil for anything else.
    private struct LooseNumber: Decodable {
        let number: Double?
        init(from decoder: Decoder) throws {
            number = try? decoder.singleValueContainer().decode(Double.self)
        }
    }
}
