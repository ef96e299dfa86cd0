import Domain
import Foundation

/// Reads an evidence file loosely (any JSON object) and lists why it cannot back a transition out of `phase`.
enum EvidenceJudge {
    /// Problems with `data` as the evidence of `service` leaving `phase`: empty when it names them and all passed.
    ///
    /// A validator status of `pass`, `skip`, `warn` or `waived` (naming a waiver commit) counts as passing; any
    /// `fail`, or `"passed": false` at the top or in a validator, does not. `WaiverInspection` then proves each
    /// `waived` and `warn` record against the waiver and the gate file.
    static func problems(_ data: Data, service: String, phase: Phase) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: data), let evidence = object as? [String: Any] else {
            return ["it is not a JSON object"]
        }
        var problems: [String] = []
        let named = evidence["service"] as? String
        if named != service { problems.append("it names service \(named.map { "'\($0)'" } ?? "none"), not '\(service)'") }
        let phaseName = evidence["phase"] as? String
        if phaseName != phase.rawValue {
            problems.append("it names phase \(phaseName.map { "'\($0)'" } ?? "none"), not '\(phase.rawValue)'")
        }
        if let passed = evidence["passed"] as? Bool, !passed { problems.append("it records passed: false") }
        let validators = evidence["validators"] as? [[String: Any]] ?? []
        let failing = validators.filter { record in
            (record["status"] as? String) == "fail" || (record["passed"] as? Bool) == false
        }.map { ($0["id"] as? String) ?? "?" }
        if !failing.isEmpty { problems.append("validator(s) \(failing.joined(separator: ", ")) failed") }
        // `waived` passes only with a waiver commit named (WaiverInspection then proves that waiver counted).
        let unbacked = validators.filter { ($0["status"] as? String) == "waived" && ($0["waiver"] as? [String: Any])?["commit"] == nil }
        if !unbacked.isEmpty { problems.append("validator(s) \(unbacked.compactMap { $0["id"] as? String }.joined(separator: ", ")) are waived without naming a waiver commit") }
        return problems
    }
}
