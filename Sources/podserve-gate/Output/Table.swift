import Domain
import Foundation
import Locking

/// Plain-text and Markdown tables with column widths from the content.
///
/// Cells can hold text read from history (trailer values of any commit, forged ones included): control
/// characters are printed as escapes, so a value can never move the cursor, clear the screen or hide a row.
struct Table {
    let headers: [String]
    let rows: [[String]]

    init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows.map { $0.map(CommitText.escapedForDisplay) }
    }

    func text() -> String {
        let widths = headers.indices.map { i in ([headers[i]] + rows.map { $0[i] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }
            .joined(separator: "  ")
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }

    func markdown() -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        return ([line(headers), "|" + headers.map { _ in "---|" }.joined()] + rows.map(line)).joined(separator: "\n")
    }
}

/// Timestamps in output: UTC, to the second.
func formatTime(_ date: Date) -> String {
    timeFormatter.withLock { $0.string(from: date) }
}

/// Made once: an ISO8601DateFormatter costs more to create than to use. Behind a lock: formatters are not
/// `Sendable`, and parallel gates print from several threads.
private let timeFormatter: Locked<ISO8601DateFormatter> = {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return Locked(f)
}()

/// Pretty JSON with sorted keys and ISO 8601 dates.
func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
