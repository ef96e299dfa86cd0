import Foundation

/// An amount of memory written `64MiB`, `100MB`, `512KiB`, `1GB` or `4096B`, held in bytes.
package struct ByteSize: Equatable, Hashable, Sendable, TextQuantity {
    package var bytes: Int64

    package init(bytes: Int64) { self.bytes = bytes }

    /// Decimal (10^n) and binary (2^n) units; matched case-insensitively, so podman's `kB` and `MiB` parse too.
    private static let units: [(suffix: String, factor: Int64)] = [
        ("b", 1),
        ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("tb", 1_000_000_000_000),
        ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30), ("tib", 1 << 40),
    ]

    /// Parses `<number><unit>`; a bare number is refused because `100` could mean bytes or megabytes.
    package init(parsing text: String) throws {
        try self.init(parsing: text, bareNumber: .refused)
    }

    /// Parses `<number><unit>`, and a bare number as bytes when `bareNumber` is `.baseUnit` (podman prints
    /// `12B`, `438.3kB` and `1.5MiB`; units match case-insensitively).
    package init(parsing text: String, bareNumber: BareNumber) throws {
        guard let (number, unit) = QuantityText.split(text),
            let factor = unit.isEmpty && bareNumber == .baseUnit
                ? 1 : Self.units.first(where: { $0.suffix == unit.lowercased() })?.factor,
            number * Double(factor) < Double(Int64.max)
        else {
            throw UnitError.invalid(value: text, kind: .byteSize, expected: UnitKind.byteSize.examples)
        }
        self.bytes = Int64((number * Double(factor)).rounded())
    }

    /// Megabytes (10^6 bytes), the unit the seed's reports use.
    package var megabytes: Double { Double(bytes) / 1_000_000 }

    /// Mebibytes (2^20 bytes), the unit podman stats prints.
    package var mebibytes: Double { Double(bytes) / 1_048_576 }

    /// The spelling in the largest unit that divides the size exactly, binary units first (`64MiB`, `100MB`, `1500B`).
    package var formatted: String {
        let preferred: [(String, Int64)] = [
            ("TiB", 1 << 40), ("TB", 1_000_000_000_000), ("GiB", 1 << 30), ("GB", 1_000_000_000),
            ("MiB", 1 << 20), ("MB", 1_000_000), ("KiB", 1 << 10), ("kB", 1_000),
        ]
        for (suffix, factor) in preferred where bytes >= factor && bytes % factor == 0 {
            return "\(bytes / factor)\(suffix)"
        }
        return "\(bytes)B"
    }

    package static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }
}
