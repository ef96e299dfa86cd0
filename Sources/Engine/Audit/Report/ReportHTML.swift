import Domain
import Foundation

/// Lays an `InsightsReport` out as one self-contained HTML page: inline CSS, inline SVG drawn by the tool,
/// no script, no external reference, and nothing that depends on the clock or the machine, so the same report
/// gives the same bytes.
package struct ReportHTML {
    package let report: InsightsReport

    package init(report: InsightsReport) { self.report = report }

    /// The whole page.
    package func render() -> String {
        let short = String(report.commit.prefix(12))
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>podserve-gate report \(short)</title>\n<style>\n\(ReportStyle.css)</style>\n</head>\n"
        html += "<body data-commit=\"\(report.commit)\">\n<header>\n<h1>podserve-gate report</h1>\n"
        html +=
            "<p class=\"meta\">commit <code>\(report.commit)</code>, \(HTMLText.time(report.time)) (the commit's time); "
        html +=
            "\(report.board.count) service(s), \(report.services.reduce(0) { $0 + $1.transitions.count }) transition(s), "
        html += "\(report.audit.commitsWalked) commit(s)</p>\n"
        html +=
            "<nav><a href=\"#board\">Board</a> <a href=\"#verify\">Verify</a> <a href=\"#medians\">Time per phase</a> "
        html +=
            "<a href=\"#services\">Services</a> <a href=\"#combinations\">Combinations</a> <a href=\"#approvals\">Approvals</a>"
        html += report.waivers.isEmpty ? "" : " <a href=\"#waivers\">Waivers</a>"
        html += "</nav>\n</header>\n<main>\n"
        html += board() + verify() + medians()
        html += "<section id=\"services\">\n<h2>Services</h2>\n"
        html += report.services.map { ServiceSectionHTML(service: $0, now: report.time).render() }.joined()
        html += "</section>\n"
        html += HistorySectionsHTML(report: report).render()
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    private func board() -> String {
        var html = "<section id=\"board\">\n<h2>Board</h2>\n"
        guard !report.board.isEmpty else {
            return html + "<p class=\"none\">No services at this commit.</p>\n</section>\n"
        }
        var findings: [String: Int] = [:]
        for finding in report.audit.findings { findings[finding.service.text, default: 0] += 1 }
        html += "<table id=\"board-table\">\n<thead><tr><th>service</th><th>phase</th><th>n/6</th><th>checklist</th>"
        html += "<th>blocked by</th><th>last transition</th><th>last signer</th><th>verify</th></tr></thead>\n<tbody>\n"
        for row in report.board {
            let e = HTMLText.escape
            let count = findings[row.service.rawValue] ?? 0
            html +=
                "<tr data-service=\"\(e(row.service.rawValue))\" data-phase=\"\(e(row.phase))\" data-number=\"\(row.number)\""
            html += " data-last=\"\(e(row.last?.commit ?? ""))\" data-findings=\"\(count)\">"
            html += "<td><a href=\"#service-\(e(row.service.rawValue))\">\(e(row.service.rawValue))</a></td>"
            html += "<td><span class=\"badge \(SVGPhaseBars.colourClass(row.phase))\">\(e(row.phase))</span></td>"
            html += "<td>\(row.number > 6 ? "6/6 ready" : "\(row.number)/6")</td>"
            html += "<td>\(row.checklist.ticked)/\(row.checklist.total)</td>"
            html += "<td>\(row.blockers.isEmpty ? "-" : row.blockers.map(e).joined(separator: "<br>"))</td>"
            html +=
                "<td>"
                + (row.last.map {
                    "\(e($0.from)) &#8594; \(e($0.to)) <code>\(e($0.commit))</code> \(HTMLText.time($0.time))"
                } ?? "-") + "</td>"
            html += "<td>\(row.last.map { e($0.signer) } ?? "-")</td>"
            html +=
                count == 0
                ? "<td class=\"ok\">clean</td>" : "<td class=\"bad\"><a href=\"#verify\">\(count) finding(s)</a></td>"
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    private func verify() -> String {
        let audit = report.audit
        let scope =
            "\(audit.commitsWalked) commit(s), \(audit.transitions) transition(s), \(audit.approvals) approval(s)"
        var html =
            "<section id=\"verify\" data-clean=\"\(audit.clean)\" data-findings=\"\(audit.findings.count)\">\n<h2>Verify</h2>\n"
        guard !audit.clean else { return html + "<p class=\"ok\">verify: clean (\(scope))</p>\n</section>\n" }
        html += "<p class=\"bad\">verify: \(audit.findings.count) finding(s) in \(scope)</p>\n"
        html +=
            "<table id=\"findings\">\n<thead><tr><th>commit</th><th>service</th><th>rule</th><th>finding</th></tr></thead>\n<tbody>\n"
        for finding in audit.findings {
            let e = HTMLText.escape
            html +=
                "<tr data-rule=\"\(finding.rule.rawValue)\" data-service=\"\(e(finding.service.text))\"><td><code>\(finding.commit.prefix(12))</code></td>"
            html +=
                "<td>\(e(finding.service.text))</td><td>\(finding.rule.rawValue)</td><td>\(e(finding.message))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    private func medians() -> String {
        var html = "<section id=\"medians\">\n<h2>Median time per phase, across services</h2>\n"
        html +=
            "<p class=\"note\">Over the services that have left the phase (all their stays in it added up); a stay still open is left out.</p>\n"
        let rows = report.phaseMedians.map { median in
            (
                phase: median.phase.rawValue, seconds: median.medianSeconds,
                note: "\(median.phase): median over \(median.services) service(s)"
            )
        }
        html += SVGPhaseBars.bars(id: "median-bars", rows: rows) + "\n"
        html +=
            "<table id=\"median-table\">\n<thead><tr><th>phase</th><th>median</th><th>services</th></tr></thead>\n<tbody>\n"
        for median in report.phaseMedians {
            html +=
                "<tr data-phase=\"\(median.phase)\" data-seconds=\"\(median.medianSeconds.map(HTMLText.exact) ?? "")\">"
            html +=
                "<td>\(median.phase)</td><td>\(median.medianSeconds.map(HTMLText.duration) ?? "-")</td><td>\(median.services)</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }
}
