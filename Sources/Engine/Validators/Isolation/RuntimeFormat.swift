import Foundation

/// Number formatting shared by the runtime validators' messages (units are parsed by Domain, see `BareNumber`).
enum RuntimeFormat {
    static func seconds(_ s: Double) -> String { String(format: s < 10 ? "%.2f s" : "%.1f s", s) }
    static func ms(_ seconds: Double) -> String {
        String(format: seconds < 0.01 ? "%.2f ms" : "%.1f ms", seconds * 1000)
    }
    /// Decimal megabytes, the unit the seed's report uses.
    static func bytes(_ b: UInt64) -> String { String(format: "%.1f MB", Double(b) / 1e6) }
    static func bytes(_ b: Double) -> String { String(format: "%.1f MB", b / 1e6) }
    static func rate(_ r: Double) -> String { String(format: "%.0f/s", r) }
}
