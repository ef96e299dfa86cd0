import Foundation

/// A unit written as text in YAML and JSON (`2s`, `100MB`, `1000/s`): one parser, one spelling, and the
/// same Codable form for every unit.
package protocol TextQuantity: Codable, Comparable, CustomStringConvertible {
    init(parsing text: String) throws
    /// The compact spelling the parser reads back.
    var formatted: String { get }
}

extension TextQuantity {
    package var description: String { formatted }

    package init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { try self.init(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.localizedDescription)
        }
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(formatted)
    }
}
