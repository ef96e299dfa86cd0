import Domain
import Foundation
import Locking

/// Result of one validator, as recorded in evidence and shown to the user.
///
/// `warn`: it failed, but its criterion is not effective yet (`effective:` in the gate file), so it does not block.
/// `waived`: it failed under a valid waiver (the record names the waiver commit), so it does not block either.
/// Neither ticks its `auto:` checklist item: a waived or warned check proved nothing.
package enum ValidatorStatus: String, Codable, Sendable {
    case pass, fail, skip, warn, waived
}

/// The waiver a `waived` record relied on, as read from its commit.
package struct WaiverReference: Codable, Equatable, Sendable {
    package var commit: String
    package var expires: String
    package var owner: String
    package var reason: String

    package init(commit: String, expires: String, owner: String, reason: String) {
        self.commit = commit
        self.expires = expires
        self.owner = owner
        self.reason = reason
    }
}

/// A measured figure: numbers stay numbers in JSON so reviews can compare them.
package enum MetricValue: Codable, Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case text(String)
    case list([Double])

    package init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let l = try? c.decode([Double].self) {
            self = .list(l)
        } else {
            self = .text(try c.decode(String.self))
        }
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let d): try c.encode(d)
        case .text(let s): try c.encode(s)
        case .list(let l): try c.encode(l)
        }
    }

    package var number: Double? { if case .number(let d) = self { return d }; return nil }

    package var description: String {
        switch self {
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(format: "%.3f", d)
        case .text(let s): return s
        case .list(let l): return "[" + l.map { String(format: "%.3f", $0) }.joined(separator: ", ") + "]"
        }
    }
}

/// What produced a record of a gate run: a validator kind the gate file names, or the gate's approvals rule.
///
/// Evidence is read back from history, so a kind this version does not know stays `.unrecognized` (and is
/// written back unchanged) instead of failing the whole file.
package enum RecordKind: Hashable, Sendable, RecordedText {
    case validator(ValidatorKind)
    /// The record `approvals:` adds to a gate run.
    case approvals
    case unrecognized(String)

    package init(_ text: String) {
        if let kind = ValidatorKind(rawValue: text) {
            self = .validator(kind)
        } else if text == "approvals" {
            self = .approvals
        } else {
            self = .unrecognized(text)
        }
    }

    /// The kind as evidence spells it.
    package var text: String {
        switch self {
        case .validator(let kind): return kind.rawValue
        case .approvals: return "approvals"
        case .unrecognized(let text): return text
        }
    }
}

/// What one validator measured in the last gate run.
package struct ValidatorRecord: Codable, Equatable, Sendable {
    package var id: String
    package var kind: RecordKind
    package var status: ValidatorStatus
    package var attempts: Int
    package var passes: Int
    package var durationMs: Double
    package var message: String
    package var metrics: [String: MetricValue]
    package var output: String
    /// Set when `status` is `waived`: the waiver commit it relied on.
    package var waiver: WaiverReference? = nil

    enum CodingKeys: String, CodingKey {
        case id, kind, status, attempts, passes, message, metrics, output, waiver
        case durationMs = "duration_ms"
    }

    package init(
        id: String, kind: RecordKind, status: ValidatorStatus, attempts: Int, passes: Int, durationMs: Double,
        message: String, metrics: [String: MetricValue], output: String
    ) {
        self.id = id
        self.kind = kind
        self.status = status
        self.attempts = attempts
        self.passes = passes
        self.durationMs = durationMs
        self.message = message
        self.metrics = metrics
        self.output = output
    }
}

/// The image a gate judged, so later gates can tell whether evidence is still fresh.
/// `context_tree` (the git tree id of the build context the image was built from, its
/// `io.podserve-gate.context` label) is what freshness compares: image ids are not reproducible, tree ids are.
/// Evidence written before it existed has no such field and still decodes.
package struct ImageRecord: Codable, Equatable, Sendable {
    package var ref: String
    package var id: String?
    package var digest: String?
    package var contextTree: String?
    package var baseContext: String?

    enum CodingKeys: String, CodingKey {
        case ref, id, digest
        case contextTree = "context_tree"
        case baseContext = "base_context"
    }

    package init(ref: String, id: String?, digest: String?, contextTree: String? = nil, baseContext: String? = nil) {
        self.ref = ref
        self.id = id
        self.digest = digest
        self.contextTree = contextTree
        self.baseContext = baseContext
    }

    /// The record of an inspected image, its context labels included.
    package init(ref: String, info: ImageInfo) {
        self.init(
            ref: ref, id: info.id, digest: info.digest, contextTree: info.labels[ImageLabel.context],
            baseContext: info.labels[ImageLabel.baseContext])
    }
}

/// `services/<svc>/evidence/<n>-<phase>.json`: what the last passing gate run measured (SPEC §3).
package struct Evidence: Codable, Equatable, Sendable {
    package var tool: String = "podserve-gate"
    package var toolVersion: String
    /// `.unrecognized` for evidence (read back from history) that names a service no valid name; written `.known`.
    package var service: Recorded<ServiceName>
    /// `.unrecognized` for evidence (read back from history) that names a phase this version does not know.
    package var phase: Recorded<Phase>
    package var startedAt: Date
    package var finishedAt: Date
    package var passed: Bool
    package var image: ImageRecord?
    package var environment: [String: String]
    package var validators: [ValidatorRecord]
    /// Extra documents a validator produced (a generated Pod YAML, the baseline report) keyed by name.
    package var artifacts: [String: String]
    /// The committed inputs the gate judged (absent in evidence written before sealed gates, tool < 0.2.0).
    package var inputs: EvidenceInputs?

    enum CodingKeys: String, CodingKey {
        case tool, service, phase, passed, image, environment, validators, artifacts, inputs
        case toolVersion = "tool_version"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }

    package init(
        toolVersion: String, service: ServiceName, phase: Phase, startedAt: Date, finishedAt: Date, passed: Bool,
        image: ImageRecord?, environment: [String: String], validators: [ValidatorRecord],
        artifacts: [String: String] = [:], inputs: EvidenceInputs? = nil
    ) {
        self.toolVersion = toolVersion
        self.service = .known(service)
        self.phase = .known(phase)
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.passed = passed
        self.image = image
        self.environment = environment
        self.validators = validators
        self.artifacts = artifacts
        self.inputs = inputs
    }

    /// Stable, human-diffable JSON (sorted keys, ISO 8601 times, trailing newline).
    package func encoded() throws -> Data {
        var data = try Evidence.encoder.encode(self)
        data.append(0x0A)
        return data
    }

    package static func decode(_ data: Data) throws -> Evidence {
        try decoder.decode(Evidence.self, from: data)
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, enc in
            var c = enc.singleValueContainer()
            try c.encode(isoFormatter.withLock { $0.string(from: date) })
        }
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { dec in
            let s = try dec.singleValueContainer().decode(String.self)
            if let date = isoFormatter.withLock({ $0.date(from: s) }) ?? ISO8601DateFormatter().date(from: s) {
                return date
            }
            throw DecodingError.dataCorrupted(.init(codingPath: dec.codingPath, debugDescription: "bad date \(s)"))
        }
        return d
    }()
}

/// Behind a lock: Foundation's formatters are not `Sendable`, and evidence is written from parallel gates.
let isoFormatter: Locked<ISO8601DateFormatter> = {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return Locked(f)
}()
