import Domain
import Foundation
import Git

/// A commit message the tool writes (transitions, approvals): a subject, body lines, then trailers.
///
/// `rendered()` refuses to produce a message that git and the tool would not read back as written: every
/// trailer value and the subject are single printable lines (`CommitText`), body lines are made printable,
/// and the rendered text is parsed again with the same trailer reader `verify` uses, which must yield
/// exactly these trailers (issue 10: a value must never add, hide or change a trailer).
package struct CommitMessage {
    package var subject: String
    /// Body lines; an empty string separates paragraphs.
    package var body: [String]
    package var trailers: [Trailer]

    package init(subject: String, body: [String], trailers: [Trailer]) {
        self.subject = subject
        self.body = body
        self.trailers = trailers
    }

    package func rendered() throws -> String {
        if let scalar = subject.unicodeScalars.first(where: CommitText.isRefused) {
            throw CommitTextError.refusedCharacter(field: "the commit subject", value: subject, scalar: scalar)
        }
        for trailer in trailers {
            if let scalar = (trailer.key + trailer.value).unicodeScalars.first(where: CommitText.isRefused) {
                throw CommitTextError.refusedCharacter(
                    field: "the \(trailer.key) trailer", value: trailer.value, scalar: scalar)
            }
        }
        let lines = body.map(CommitText.printable)
        var message = subject + "\n\n"
        if !lines.isEmpty { message += lines.joined(separator: "\n") + "\n\n" }
        message += trailers.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n"
        try Self.requireReadBack(message, subject: subject, trailers: trailers)
        return message
    }

    /// The last line of defence for any message the tool commits (transitions, approvals, waivers): printable
    /// apart from its line breaks, and, when its last paragraph is a block of `Key: value` lines, those lines
    /// read back as exactly these trailers (a `---` divider, a scissors line or a NUL above them would hide them).
    package static func requireIntact(_ message: String) throws {
        if let scalar = message.unicodeScalars.first(where: { $0 != "\n" && CommitText.isRefused($0) }) {
            throw CommitTextError.refusedCharacter(field: "the commit message", value: message, scalar: scalar)
        }
        let paragraphs = message.trimmingCharacters(in: .newlines).components(separatedBy: "\n\n")
        guard paragraphs.count > 1, let last = paragraphs.last else { return }
        func trimmed(_ s: Substring) -> String {
            String(s.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        }
        let lines = last.split(separator: "\n")
        let written = lines.compactMap { line -> Trailer? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return Trailer(key: trimmed(line[..<colon]), value: trimmed(line[line.index(after: colon)...]))
        }
        guard written.count == lines.count else { return }
        let read = try Repository.trailers(in: message)
        guard read == written else {
            func show(_ list: [Trailer]) -> String { list.map { "\($0.key): \($0.value)" }.joined(separator: " | ") }
            throw CommitTextError.wouldNotReadBack(what: "trailers", expected: show(written), read: show(read))
        }
    }

    /// The rendered text must read back as this subject and exactly these trailers, in order.
    static func requireReadBack(_ message: String, subject: String, trailers: [Trailer]) throws {
        let firstLine =
            message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard firstLine == subject else {
            throw CommitTextError.wouldNotReadBack(what: "subject", expected: subject, read: firstLine)
        }
        let read = try Repository.trailers(in: message)
        guard read == trailers else {
            func show(_ list: [Trailer]) -> String { list.map { "\($0.key): \($0.value)" }.joined(separator: " | ") }
            throw CommitTextError.wouldNotReadBack(what: "trailers", expected: show(trailers), read: show(read))
        }
    }
}
