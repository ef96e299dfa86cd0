import Domain
import Foundation

/// The two bar drawings of the report, as inline SVG: a service's stays laid out along time (its timeline),
/// and one horizontal bar per phase (time in phase, median time per phase).
enum SVGPhaseBars {
    /// The phase's colour class (`phase-3`, `phase-ready`), shared by bars, swatches and board cells.
    static func colourClass(_ phase: String) -> String {
        guard let known = Phase(rawValue: phase) else { return "phase-other" }
        return known == .ready ? "phase-ready" : "phase-\(known.number)"
    }

    /// The stays of one service from its first transition to the report's time, one coloured band each.
    static func timeline(id: String, stays: [PhaseStay], end: Date) -> String {
        let width = 760.0, height = 46.0, left = 4.0, right = 4.0
        guard let start = stays.first?.start else { return "" }
        let span = max(end.timeIntervalSince(start), 1)
        let plot = width - left - right
        let c = HTMLText.coordinate
        var svg =
            "<svg class=\"timeline\" id=\"\(id)\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"phases over time\">"
        for stay in stays {
            let x = left + plot * stay.start.timeIntervalSince(start) / span
            let w = max(plot * stay.seconds / span, 1.5)
            svg +=
                "<rect class=\"stay \(colourClass(stay.phase.text))\" x=\"\(c(x))\" y=\"4\" width=\"\(c(w))\" height=\"24\""
                + " data-phase=\"\(HTMLText.escape(stay.phase.text))\" data-seconds=\"\(HTMLText.exact(stay.seconds))\">"
                + "<title>\(HTMLText.escape("\(stay.phase): \(HTMLText.time(stay.start)) for \(HTMLText.duration(stay.seconds))\(stay.closed ? "" : " (still there)")"))</title></rect>"
        }
        svg += "<text class=\"axis\" x=\"\(c(left))\" y=\"42\">\(HTMLText.day(start))</text>"
        svg += "<text class=\"axis\" x=\"\(c(width - right))\" y=\"42\" text-anchor=\"end\">\(HTMLText.day(end))</text>"
        return svg + "</svg>"
    }

    /// One bar per (phase, seconds) row, scaled to the longest; a nil value is drawn as "no data".
    static func bars(id: String, rows: [(phase: String, seconds: Double?, note: String)]) -> String {
        let width = 560.0, row = 24.0, labelWidth = 170.0, valueWidth = 110.0
        let height = row * Double(rows.count) + 6
        let longest = max(rows.compactMap(\.seconds).max() ?? 1, 1)
        let plot = width - labelWidth - valueWidth
        let c = HTMLText.coordinate
        var svg =
            "<svg class=\"bars\" id=\"\(id)\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"time per phase\">"
        for (index, item) in rows.enumerated() {
            let y = 3 + row * Double(index)
            svg +=
                "<text class=\"axis\" x=\"\(c(labelWidth - 8))\" y=\"\(c(y + 16))\" text-anchor=\"end\">\(HTMLText.escape(item.phase))</text>"
            guard let seconds = item.seconds else {
                svg += "<text class=\"axis\" x=\"\(c(labelWidth))\" y=\"\(c(y + 16))\">no data</text>"
                continue
            }
            let w = max(plot * seconds / longest, 1.5)
            svg +=
                "<rect class=\"bar \(colourClass(item.phase))\" x=\"\(c(labelWidth))\" y=\"\(c(y + 2))\" width=\"\(c(w))\" height=\"18\" data-phase=\"\(HTMLText.escape(item.phase))\" data-seconds=\"\(HTMLText.exact(seconds))\"><title>\(HTMLText.escape(item.note))</title></rect>"
            svg +=
                "<text class=\"axis\" x=\"\(c(labelWidth + w + 6))\" y=\"\(c(y + 16))\">\(HTMLText.duration(seconds))</text>"
        }
        return svg + "</svg>"
    }
}
