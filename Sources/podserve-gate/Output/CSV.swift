import Support

/// RFC 4180 CSV: a header line, then one line per row; a field holding a comma, quote or line break is quoted
/// with its quotes doubled. Lines end in CRLF as the RFC says, so spreadsheets and `csv` readers agree.
enum CSV {
    static func text(headers: [String], rows: [[String]]) -> String {
        ([headers] + rows).map { $0.map(field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// Control and bidi characters from history are written as `\uXXXX` (`TerminalText`): a CSV printed on a terminal
    /// must not drive it either, and no spreadsheet wants them.
    static func field(_ value: String) -> String {
        let value = neutralised(TerminalText.safe(value))
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Text from history (reasons, signers) that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or
    /// CR first) gets a leading `'` (OWASP's advice against CSV injection); numbers and a lone `-` stay as they are.
    static func neutralised(_ value: String) -> String {
        guard let first = value.first, "=+-@\t\r".contains(first), value != "-", Double(value) == nil else {
            return value
        }
        return "'" + value
    }
}
