import Foundation

/// Order statistics for timing figures (nearest-rank percentiles, as load tools report them).
package enum Statistics {
    package static func median(_ values: [Double]) -> Double? { percentile(values, 50) }

    /// Nearest-rank percentile: the smallest value with at least p % of the values at or below it.
    package static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    /// Least-squares slope of y over x (units of y per unit of x); nil with fewer than two distinct x.
    package static func slope(x: [Double], y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var num = 0.0
        var den = 0.0
        for (xi, yi) in zip(x, y) {
            num += (xi - mx) * (yi - my)
            den += (xi - mx) * (xi - mx)
        }
        return den > 0 ? num / den : nil
    }
}
