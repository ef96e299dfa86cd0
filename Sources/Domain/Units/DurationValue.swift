import Foundation

/// A time span written `500ms`, `2s`, `1.5s`, `1m` or `1h`, held in milliseconds so targets compare exactly.
package struct DurationValue: Equatable, Hashable, Sendable, TextQuantity {
    package var milliseconds: Double

    package init(milliseconds: Double) { self.milliseconds = milliseconds }

    package static func seconds(_ seconds: Double) -> DurationValue { DurationValue(milliseconds: seconds * 1000) }

    /// The span in seconds, for timeouts handed to process runners.
    package var seconds: Double { milliseconds / 1000 }

    private static let units: [(suffix: String, ms: Double)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000),
    ]

    /// Parses `<number><ms|s|m|h>`; a bare number is refused because its unit would be a guess.
    package init(parsing text: String) throws {
        try self.init(parsing: text, bareNumber: .refused)
    }

    /// Parses `<number><ms|s|m|h>`, and a bare number as seconds when `bareNumber` is `.baseUnit`.
    package init(parsing text: String, bareNumber: BareNumber) throws {
        guard let (number, unit) = QuantityText.split(text),
            let factor = unit.isEmpty && bareNumber == .baseUnit
                ? 1000 : Self.units.first(where: { $0.suffix == unit })?.ms
        else {
            throw UnitError.invalid(value: text, kind: .duration, expected: UnitKind.duration.examples)
        }
        self.milliseconds = number * factor
    }

    /// The shortest spelling in the largest unit that divides the span exactly (`90s`, `1h`, `1.5s`, `250ms`).
    package var formatted: String {
        for (suffix, factor) in Self.units.reversed() where factor > 1 {
            let count = milliseconds / factor
            if count >= 1, count == count.rounded() { return "\(QuantityText.compact(count))\(suffix)" }
        }
        if milliseconds >= 1000 { return "\(QuantityText.compact(milliseconds / 1000))s" }
        return "\(QuantityText.compact(milliseconds))ms"
    }

    package static func < (lhs: DurationValue, rhs: DurationValue) -> Bool { lhs.milliseconds < rhs.milliseconds }
}
