import Foundation

/// A calendar day in UTC (`YYYY-MM-DD`): what waiver expiries, `effective:` dates and `--as-of` name,
/// so a date means the same day on every machine whatever its time zone.
package struct CalendarDay: Comparable, Hashable, Sendable, CustomStringConvertible, Codable {
    package let year: Int
    package let month: Int
    package let day: Int

    /// Parses exactly `YYYY-MM-DD` naming a real day (`2026-02-30` is refused); nil otherwise.
    package init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        guard let date = Self.calendar.date(from: components), CalendarDay(date) == CalendarDay(year, month, day) else {
            return nil
        }
        self.init(year, month, day)
    }

    /// The UTC day `date` falls on.
    package init(_ date: Date) {
        let c = Self.calendar.dateComponents([.year, .month, .day], from: date)
        self.init(c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }

    private init(_ year: Int, _ month: Int, _ day: Int) {
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// Today in UTC.
    package static func today() -> CalendarDay { CalendarDay(Date()) }

    /// 00:00:00 UTC of this day.
    package var start: Date {
        var components = DateComponents()
        (components.year, components.month, components.day) = (year, month, day)
        return Self.calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// The day `count` days later (earlier when negative).
    package func adding(days count: Int) -> CalendarDay {
        CalendarDay(start.addingTimeInterval(Double(count) * 86_400))
    }

    /// Whole days from this day to `other` (negative when `other` is earlier).
    package func days(until other: CalendarDay) -> Int {
        Int((other.start.timeIntervalSince(start) / 86_400).rounded())
    }

    package var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    package static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    package init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a date YYYY-MM-DD: \(text)"))
        }
        self = day
    }

    package func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0)!
        return calendar
    }
}
