import Engine
import Foundation

/// Renders gate reports for people (text), machines (json) and CI (JUnit XML).
enum GateReportOutput {
    static func text(_ report: GateReport) -> String {
        let judged =
            report.judged == "work tree" ? "work tree (uncommitted edits included; advance judges HEAD)" : report.judged
        var lines = ["\(report.service): gate \(report.phase.rawValue) (\(report.phase.number)/6), judged: \(judged)"]
        lines += report.summaryLines().map { "  " + $0 }
        // What a failing validator saw, so the fix is on screen without opening evidence.
        for record in report.failures where !record.output.isEmpty {
            lines.append("  --- \(record.id) output ---")
            let output = record.output.split(separator: "\n", omittingEmptySubsequences: false)
            lines += output.suffix(15).map { "    " + $0 }
        }
        if report.passed {
            lines.append("gate passed")
        } else {
            var why: [String] = []
            if !report.failures.isEmpty { why.append("\(report.failures.count) failing validator(s)") }
            if !report.definitionProblems.isEmpty {
                why.append("\(report.definitionProblems.count) checklist problem(s)")
            }
            if !report.pendingItems.isEmpty { why.append("\(report.pendingItems.count) unticked manual item(s)") }
            lines.append("gate failed: " + why.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    struct JSONReport: Encodable {
        let service: String
        let phase: String?
        let judged: String?
        let passed: Bool
        let error: String?
        let exit_code: Int32?
        let validators: [ValidatorRecord]?
        let pending_items: [Item]?
        let definition_problems: [String]?
        let commit: String?
        let to: String?
        /// Where the gate ran: the engine's host facts (evidence's `environment`).
        var environment: [String: String]? = nil
        struct Item: Encodable { let path: String; let line: Int; let text: String }
    }

    static func json(_ results: [GateRunResult]) throws -> String {
        let encoded = results.map { result -> JSONReport in
            switch result {
            case .ran(let report, let commit, let to):
                return JSONReport(
                    service: report.service.rawValue, phase: report.phase.rawValue, judged: report.judged,
                    passed: report.passed,
                    error: nil, exit_code: nil, validators: report.records,
                    pending_items: report.pendingItems.map { .init(path: $0.path, line: $0.line, text: $0.text) },
                    definition_problems: report.definitionProblems, commit: commit, to: to,
                    environment: report.evidence.environment)
            case .failed(let service, let error, let code):
                return JSONReport(
                    service: service, phase: nil, judged: nil, passed: false, error: GateRunResult.message(error),
                    exit_code: code, validators: nil, pending_items: nil, definition_problems: nil, commit: nil, to: nil
                )
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(
            decoding: try encoder.encode(encoded.count == 1 ? AnyEncodable(encoded[0]) : AnyEncodable(encoded)),
            as: UTF8.self)
    }

    /// One testsuite per gate run, one testcase per validator (and one for the manual checklist).
    static func junit(_ results: [GateRunResult]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
        for result in results {
            guard case .ran(let report, _, _) = result else {
                if case .failed(let service, let error, let code) = result {
                    xml += "  <testsuite name=\"\(esc(service))\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
                    xml += "    <testcase classname=\"\(esc(service))\" name=\"gate\"><error message=\"exit \(code)\">"
                    xml += "\(esc(GateRunResult.message(error)))</error></testcase>\n  </testsuite>\n"
                }
                continue
            }
            // The checklist testcase fails for unticked manual items and for checklist problems (a template item
            // removed, reworded or re-tagged), so CI never shows green for a gate that exited 1.
            let checklistFailed = !report.pendingItems.isEmpty || !report.definitionProblems.isEmpty
            let failures = report.failures.count + (checklistFailed ? 1 : 0)
            let seconds = report.evidence.finishedAt.timeIntervalSince(report.evidence.startedAt)
            xml +=
                "  <testsuite name=\"\(esc(report.service.rawValue)).\(esc(report.phase.rawValue))\" tests=\"\(report.records.count + 1)\" failures=\"\(failures)\" skipped=\"\(report.records.filter { $0.status == .skip }.count)\" time=\"\(String(format: "%.3f", seconds))\">\n"
            for record in report.records {
                xml +=
                    "    <testcase classname=\"\(esc(report.service.rawValue)).\(esc(report.phase.rawValue))\" name=\"\(esc(record.id))\" time=\"\(String(format: "%.3f", record.durationMs / 1000))\">"
                switch record.status {
                case .pass: break
                case .skip: xml += "<skipped message=\"\(esc(record.message))\"/>"
                case .waived: xml += "<skipped message=\"waived: \(esc(record.message))\"/>"
                case .warn: xml += "<system-out>warn: \(esc(record.message))</system-out>"
                case .fail: xml += "<failure message=\"\(esc(record.message))\">\(esc(record.output))</failure>"
                }
                xml += "</testcase>\n"
            }
            xml +=
                "    <testcase classname=\"\(esc(report.service.rawValue)).\(esc(report.phase.rawValue))\" name=\"manual-checklist\">"
            if checklistFailed {
                let list = report.definitionProblems + report.pendingItems.map { "\($0.path):\($0.line): \($0.text)" }
                let what = [
                    report.definitionProblems.isEmpty ? nil : "\(report.definitionProblems.count) checklist problem(s)",
                    report.pendingItems.isEmpty ? nil : "\(report.pendingItems.count) unticked manual item(s)",
                ]
                xml +=
                    "<failure message=\"\(what.compactMap { $0 }.joined(separator: ", "))\">\(esc(list.joined(separator: "\n")))</failure>"
            }
            xml += "</testcase>\n  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    static func esc(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                if ch.value < 0x20 && ch != "\n" && ch != "\t" { out += " " } else { out.unicodeScalars.append(ch) }
            }
        }
        return out
    }
}

/// Type-erases an Encodable for a single-or-array top-level JSON value.
struct AnyEncodable: Encodable {
    let encodeFn: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeFn = value.encode }
    func encode(to encoder: Encoder) throws { try encodeFn(encoder) }
}
