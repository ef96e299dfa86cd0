import Foundation

/// The report's cross-service history sections: phase-5 combinations over time, approvals, waivers (a section
/// that appears once history holds `Gate-Waiver-*` commits), and evidence that could not be read.
struct HistorySectionsHTML {
    let report: InsightsReport

    func render() -> String {
        combinations() + approvals() + waivers() + unreadable()
    }

    private func combinations() -> String {
        let e = HTMLText.escape
        let all = report.services.flatMap(\.combinations).sorted {
            ($0.time, $0.service.text, $0.name) < ($1.time, $1.service.text, $1.name)
        }
        var html = "<section id=\"combinations\">\n<h2>Combinations (phase 5)</h2>\n"
        guard !all.isEmpty else {
            return html + "<p class=\"none\">No phase-5 combination in history.</p>\n</section>\n"
        }
        html +=
            "<table id=\"combination-table\">\n<thead><tr><th>time</th><th>service</th><th>combination</th><th>result</th>"
        html += "<th>combined memory</th><th>limit</th><th>commit</th></tr></thead>\n<tbody>\n"
        for point in all {
            html +=
                "<tr class=\"combination\" data-combination=\"\(e(point.name))\" data-status=\"\(e(point.status.text))\" data-memory=\"\(point.memoryBytes.map(HTMLText.exact) ?? "")\">"
            html += "<td>\(HTMLText.time(point.time))</td><td>\(e(point.service.text))</td><td>\(e(point.name))</td>"
            html += "<td class=\"\(point.status == .known(.pass) ? "ok" : "bad")\">\(e(point.status.text))</td>"
            html += "<td>\(point.memoryBytes.map { e(RuntimeFormat.bytes($0)) } ?? "-")</td>"
            html += "<td>\(point.memoryLimitBytes.map { e(RuntimeFormat.bytes($0)) } ?? "-")</td>"
            html += "<td><code>\(point.commit.prefix(12))</code></td></tr>\n"
        }
        html += "</tbody>\n</table>\n<h3>Combined memory over time</h3>\n<div class=\"charts\">\n"
        let names = Array(Set(all.filter { $0.memoryBytes != nil }.map(\.name))).sorted()
        for (index, name) in names.enumerated() {
            let points = all.filter { $0.name == name && $0.memoryBytes != nil }.map { point in
                SVGLineChart.Point(
                    label: String(point.commit.prefix(7)), value: point.memoryBytes ?? 0,
                    target: point.memoryLimitBytes,
                    data: [
                        ("combination", name), ("value", HTMLText.exact(point.memoryBytes ?? 0)),
                        ("target", point.memoryLimitBytes.map(HTMLText.exact) ?? ""), ("commit", point.commit),
                        ("status", point.status.text), ("service", point.service.text),
                    ],
                    title:
                        "\(name): \(RuntimeFormat.bytes(point.memoryBytes ?? 0)) \(point.status) at \(point.commit.prefix(12))"
                )
            }
            html +=
                "<figure class=\"combination-memory\" data-combination=\"\(e(name))\" data-points=\"\(points.count)\">"
            html += "<figcaption>\(e(name)): combined memory against its limit</figcaption>"
            html += SVGLineChart(
                id: "combination-\(index + 1)", title: name, points: points, format: { RuntimeFormat.bytes($0) }
            ).render()
            html += "</figure>\n"
        }
        return html + "</div>\n</section>\n"
    }

    private func approvals() -> String {
        let e = HTMLText.escape
        var html = "<section id=\"approvals\">\n<h2>Approvals</h2>\n"
        guard !report.approvals.isEmpty else {
            return html + "<p class=\"none\">No approval commits in history.</p>\n</section>\n"
        }
        html +=
            "<table id=\"approval-table\">\n<thead><tr><th>time</th><th>service</th><th>phase</th><th>role</th><th>approver</th><th>commit</th></tr></thead>\n<tbody>\n"
        for approval in report.approvals {
            html +=
                "<tr class=\"approval\" data-service=\"\(e(approval.service.text))\" data-phase=\"\(e(approval.phase.text))\">"
            html +=
                "<td>\(HTMLText.time(approval.time))</td><td>\(e(approval.service.text))</td><td>\(e(approval.phase.text))</td>"
            html +=
                "<td>\(e(approval.role))</td><td>\(e(approval.signer))</td><td><code>\(approval.commit.abbreviated)</code></td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    /// Waivers (issue 13) are listed from their trailers as written, until a waiver model exists to judge them.
    private func waivers() -> String {
        guard !report.waivers.isEmpty else { return "" }
        let e = HTMLText.escape
        var html = "<section id=\"waivers\">\n<h2>Waivers</h2>\n"
        html +=
            "<table id=\"waiver-table\">\n<thead><tr><th>time</th><th>signer</th><th>trailers</th><th>commit</th></tr></thead>\n<tbody>\n"
        for waiver in report.waivers {
            let trailers = waiver.trailers.map { "\(e($0.key)): \(e($0.value))" }.joined(separator: "<br>")
            html +=
                "<tr class=\"waiver\"><td>\(HTMLText.time(waiver.time))</td><td>\(e(waiver.signer))</td><td>\(trailers)</td>"
            html += "<td><code>\(waiver.commit.prefix(12))</code></td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</section>\n"
    }

    private func unreadable() -> String {
        guard !report.unreadable.isEmpty else { return "" }
        let e = HTMLText.escape
        var html = "<section id=\"unreadable\">\n<h2>Evidence that could not be read</h2>\n<ul>\n"
        for item in report.unreadable {
            html +=
                "<li>\(e(item.service.text)) <code>\(item.commit.prefix(12))</code> evidence <code>\(e(String(item.evidence.prefix(12))))</code>: \(e(item.problem))</li>\n"
        }
        return html + "</ul>\n</section>\n"
    }
}
