import Foundation

/// A rate written `1000/s`, `60/m` or `3600/h`, held per second so targets compare directly.
package struct Throughput: Equatable, Hashable, Sendable, TextQuantity {
    package var perSecond: Double

    package init(perSecond: Double) { self.perSecond = perSecond }

    private static let units: [(suffix: String, seconds: Double)] = [("/s", 1), ("/m", 60), ("/h", 3600)]

    /// Parses `<number>/<s|m|h>`; a bare number is refused because the window would be a guess.
    package init(parsing text: String) throws {
        guard let (number, unit) = QuantityText.split(text),
            let window = Self.units.first(where: { $0.suffix == unit.replacingOccurrences(of: " ", with: "") })?.seconds
        else {
            throw UnitError.invalid(value: text, kind: .throughput, expected: UnitKind.throughput.examples)
        }
        self.perSecond = number / window
    }

    /// Per second when that is a whole number, else per minute or per hour when those are (`60/m` stays `1/s`).
    package var formatted: String {
        for (suffix, window) in Self.units {
            let count = perSecond * window
            if abs(count - count.rounded()) < 1e-9 {
                return "\(QuantityText.compact(count.rounded()))\(suffix)"
            }
        }
        return "\(QuantityText.compact(perSecond))/s"
    }

    package static func < (lhs: Throughput, rhs: Throughput) -> Bool { lhs.perSecond < rhs.perSecond }
}
