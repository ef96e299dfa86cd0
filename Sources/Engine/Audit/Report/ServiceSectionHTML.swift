import Foundation

/// One service's part of the report: its phases over time, every transition, the time in each phase and a
/// trend chart per baseline figure.
struct ServiceSectionHTML {
    let service: ServiceInsights
    /// The report's time (its commit's), where an open stay ends.
    let now: Date

    func render() -> String {
        let e = HTMLText.escape
        let name = e(service.service.text)
        var html = "<section class=\"service\" id=\"service-\(name)\" data-service=\"\(name)\">\n<h3>\(name)"
        if let last = service.transitions.last {
            html += " <span class=\"badge \(SVGPhaseBars.colourClass(last.to.text))\">\(e(last.to.text))</span>"
        }
        html += "</h3>\n"
        html += SVGPhaseBars.timeline(id: "timeline-\(name)", stays: service.stays, end: now) + "\n"
        html += transitions() + timeInPhase() + baselines()
        return html + "</section>\n"
    }

    private func transitions() -> String {
        guard !service.transitions.isEmpty else { return "<p class=\"none\">No transitions in history.</p>\n" }
        let e = HTMLText.escape
        var html =
            "<table class=\"transitions\">\n<thead><tr><th>time</th><th>from &#8594; to</th><th>kind</th><th>signer</th>"
        html += "<th>signature</th><th>commit</th><th>evidence</th><th>reason</th></tr></thead>\n<tbody>\n"
        for entry in service.transitions {
            let signature = entry.signature.rawValue + (entry.signatureSigner.map { " (\($0))" } ?? "")
            html += "<tr class=\"transition\" data-kind=\"\(e(entry.kind.text))\" data-commit=\"\(e(entry.commit))\">"
            html +=
                "<td>\(HTMLText.time(entry.time))</td><td>\(e(entry.from.text)) &#8594; \(e(entry.to.text))</td><td>\(e(entry.kind.text))</td>"
            html += "<td>\(e(entry.signer))</td><td class=\"sig-\(e(entry.signature.rawValue))\">\(e(signature))</td>"
            html += "<td><code>\(e(String(entry.commit.prefix(12))))</code></td>"
            html += "<td>\(entry.evidence.map { "<code>\(e(String($0.prefix(12))))</code>" } ?? "-")</td>"
            html += "<td class=\"reason\">\(entry.reason.map(e) ?? "")</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    private func timeInPhase() -> String {
        guard !service.timeInPhase.isEmpty else { return "" }
        var html = "<h4>Time in phase</h4>\n"
        let rows = service.timeInPhase.map { time in
            (
                phase: time.phase.rawValue, seconds: Optional(time.seconds),
                note: "\(time.phase): \(HTMLText.duration(time.seconds))\(time.ongoing ? " so far" : "")"
            )
        }
        html += SVGPhaseBars.bars(id: "phase-time-\(HTMLText.escape(service.service.text))", rows: rows) + "\n"
        return html
    }

    private func baselines() -> String {
        let e = HTMLText.escape
        let count = service.baselines.map(\.points.count).max() ?? 0
        var html = "<h4>Performance baselines (\(count))</h4>\n"
        guard !service.baselines.isEmpty else {
            return html + "<p class=\"none\">No performance baseline in history.</p>\n"
        }
        html += "<div class=\"charts\">\n"
        for series in service.baselines {
            let latest = series.points[series.points.count - 1]
            let target =
                latest.target.map { ", target \(series.lowerIsBetter ? "&lt;" : "&gt;") \(e(series.format($0)))" } ?? ""
            html +=
                "<figure class=\"metric\" data-service=\"\(e(service.service.text))\" data-kind=\"\(e(series.kind.rawValue))\" data-metric=\"\(e(series.metric))\" data-points=\"\(series.points.count)\">"
            html += "<figcaption>\(e(series.title)): latest \(e(series.format(latest.value)))\(target)</figcaption>"
            let points = series.points.map { point in
                SVGLineChart.Point(
                    label: String(point.commit.prefix(7)), value: point.value, target: point.target,
                    data: [
                        ("service", service.service.text), ("metric", series.metric),
                        ("value", HTMLText.exact(point.value)),
                        ("target", point.target.map(HTMLText.exact) ?? ""), ("commit", point.commit),
                        ("time", HTMLText.time(point.time)), ("status", point.status.rawValue),
                    ],
                    title: "\(series.format(point.value)) at \(point.commit.prefix(12)) (\(HTMLText.time(point.time)))"
                        + (point.target.map { ", target \(series.format($0))" } ?? ""))
            }
            html += SVGLineChart(
                id: "chart-\(e(service.service.text))-\(e(series.metric))", title: series.title, points: points,
                format: series.format
            ).render()
            html += "</figure>\n"
        }
        return html + "</div>\n"
    }
}
