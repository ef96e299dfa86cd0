import Domain
import Foundation

/// Reads an evidence file as history holds it (`RecordedEvidence`) and lists why it cannot back a transition out of
/// `phase`.
enum EvidenceJudge {
    /// Problems with `data` as the evidence of `service` leaving `phase`: empty when it names them and all passed.
    ///
    /// A validator status of `pass`, `skip`, `warn` or `waived` (naming a waiver commit) counts as passing; any
    /// `fail`, `"passed": false` at the top or in a validator, a status this tool does not know, or a `validators`
    /// field that is not a list of records does not. `WaiverInspection` then proves each `waived` and `warn`
    /// record against the waiver and the gate file.
    static func problems(_ data: Data, service: Recorded<ServiceName>, phase: Phase) -> [String] {
        guard let evidence = RecordedEvidence.read(data) else { return ["it is not a JSON object"] }
        var problems: [String] = []
        if evidence.service != service {
            problems.append(
                "it names service \(evidence.service.map { "'\($0.text)'" } ?? "none"), not '\(service.text)'")
        }
        if evidence.phase != .known(phase) {
            problems.append(
                "it names phase \(evidence.phase.map { "'\($0.text)'" } ?? "none"), not '\(phase.rawValue)'")
        }
        if evidence.passed == false { problems.append("it records passed: false") }
        if evidence.validatorsMalformed { problems.append("its `validators` is not a list of validator records") }
        var failing: [String] = []
        var unknown: [String] = []
        var unbacked: [String] = []
        for record in evidence.validators {
            if record.passed == false || record.status == .known(.fail) { failing.append(record.name) }
            switch record.status {
            case .known(.waived): if record.waiverCommit == nil { unbacked.append(record.name) }
            case .known(.pass), .known(.skip), .known(.warn), .known(.fail), nil: break
            case .unrecognized(let text): unknown.append("\(record.name) ('\(text)')")
            }
        }
        if !failing.isEmpty { problems.append("validator(s) \(failing.joined(separator: ", ")) failed") }
        if !unknown.isEmpty {
            problems.append("validator(s) \(unknown.joined(separator: ", ")) record a status this tool does not know")
        }
        // `waived` passes only with a waiver commit named (WaiverInspection then proves that waiver counted).
        if !unbacked.isEmpty {
            problems.append(
                "validator(s) \(unbacked.joined(separator: ", ")) are waived without naming a waiver commit")
        }
        return problems
    }
}
