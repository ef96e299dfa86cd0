import Domain
import Foundation

/// A value read back from history: one this tool knows, or the text found there, kept as written.
///
/// History outlives the tool that wrote it (and may be forged), so audits never force old text into today's
/// enums: a status, phase or kind this version does not know stays visible as `.unrecognized` and every
/// `switch` over it must say what that means.
public enum Recorded<Known: RawRepresentable & Sendable & Equatable>: Sendable, Equatable, CustomStringConvertible
where Known.RawValue == String {
    case known(Known)
    case unrecognized(String)

    public init(_ text: String) {
        self = Known(rawValue: text).map(Recorded.known) ?? .unrecognized(text)
    }

    /// The text as it stands in history.
    public var text: String {
        switch self {
        case .known(let value): return value.rawValue
        case .unrecognized(let text): return text
        }
    }

    public var description: String { text }
}

extension Recorded: Codable {
    public init(from decoder: Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// An evidence file as an audit reads it from a commit: only the fields audits judge, each read leniently (a
/// field of the wrong JSON type reads as absent, or as `.unrecognized` for a status), so one odd field never
/// hides the rest of the record from `verify` or `review`.
struct RecordedEvidence: Decodable {
    let service: String?
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
        service = try? c.decodeIfPresent(String.self, forKey: .service)
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
