import Foundation

/// A small line chart drawn as inline SVG by the tool itself (no script, no library): the values in order,
/// the target each was judged against as a dashed step line, and each point carrying its figures in `data-*`
/// attributes so a reader (or a test) can take the exact numbers out of the page.
struct SVGLineChart {
    struct Point {
        /// Under the point on the x axis (a short commit id).
        let label: String
        let value: Double
        let target: Double?
        /// Extra `data-*` attributes (name without the prefix, value unescaped), written in this order.
        let data: [(String, String)]
        /// The tooltip.
        let title: String
    }

    let id: String
    let title: String
    let points: [Point]
    let format: (Double) -> String

    static let width = 560.0
    static let height = 210.0
    static let left = 118.0
    static let right = 16.0
    static let top = 14.0
    static let bottom = 38.0

    func render() -> String {
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        let numbers = points.map(\.value) + points.compactMap(\.target)
        let dataLow = min(0, numbers.min() ?? 0)
        var dataHigh = max(numbers.max() ?? 1, dataLow)
        if dataHigh == dataLow { dataHigh = dataLow + 1 }
        let pad = (dataHigh - dataLow) * 0.08
        let high = dataHigh + pad
        let low = dataLow < 0 ? dataLow - pad : dataLow
        // Points stay clear of the plot's edges, so the first and last circles and labels are drawn whole.
        let inset = 22.0
        func x(_ index: Int) -> Double {
            points.count == 1
                ? Self.left + plotWidth / 2
                : Self.left + inset + (plotWidth - 2 * inset) * Double(index) / Double(points.count - 1)
        }
        func y(_ value: Double) -> Double { Self.top + plotHeight * (1 - (value - low) / (high - low)) }
        let c = HTMLText.coordinate
        var svg =
            "<svg class=\"chart\" id=\"\(id)\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\">"
        svg +=
            "<rect class=\"plot\" x=\"\(c(Self.left))\" y=\"\(c(Self.top))\" width=\"\(c(plotWidth))\" height=\"\(c(plotHeight))\"/>"
        var drawn: [Double] = []
        for value in Set([dataLow, 0, dataHigh]).sorted() where !drawn.contains(where: { abs(y($0) - y(value)) < 14 }) {
            drawn.append(value)
            svg +=
                "<line class=\"grid\" x1=\"\(c(Self.left))\" y1=\"\(c(y(value)))\" x2=\"\(c(Self.left + plotWidth))\" y2=\"\(c(y(value)))\"/>"
            svg +=
                "<text class=\"axis\" x=\"\(c(Self.left - 6))\" y=\"\(c(y(value) + 4))\" text-anchor=\"end\">\(HTMLText.escape(format(value)))</text>"
        }
        svg += targetLine(x: x, y: y)
        if points.count > 1 {
            let line = points.indices.map { "\(c(x($0))),\(c(y(points[$0].value)))" }.joined(separator: " ")
            svg += "<polyline class=\"series\" points=\"\(line)\"/>"
        }
        let every = max(1, Int((Double(points.count) / 8).rounded(.up)))
        for (index, point) in points.enumerated() {
            let attributes = point.data.map { " data-\($0.0)=\"\(HTMLText.escape($0.1))\"" }.joined()
            svg +=
                "<circle class=\"point\" cx=\"\(c(x(index)))\" cy=\"\(c(y(point.value)))\" r=\"4.5\"\(attributes)><title>\(HTMLText.escape(point.title))</title></circle>"
            if index % every == 0 || index == points.count - 1 {
                svg +=
                    "<text class=\"axis\" x=\"\(c(x(index)))\" y=\"\(c(Self.height - Self.bottom + 16))\" text-anchor=\"middle\">\(HTMLText.escape(point.label))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// The targets as a dashed step line (a target can change between baselines when the plan's targets do).
    private func targetLine(x: (Int) -> Double, y: (Double) -> Double) -> String {
        let c = HTMLText.coordinate
        var segments: [String] = []
        let half = points.count == 1 ? (Self.width - Self.left - Self.right) / 2 : (x(1) - x(0)) / 2
        for (index, point) in points.enumerated() {
            guard let target = point.target else { continue }
            let from = max(Self.left, x(index) - half)
            let to = min(Self.width - Self.right, x(index) + half)
            segments.append("\(c(from)),\(c(y(target))) \(c(to)),\(c(y(target)))")
        }
        guard !segments.isEmpty else { return "" }
        let label = points.last(where: { $0.target != nil })?.target.map { "target \(format($0))" } ?? ""
        return
            "<polyline class=\"target\" points=\"\(segments.joined(separator: " "))\"><title>\(HTMLText.escape(label))</title></polyline>"
    }
}
