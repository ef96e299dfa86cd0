import CLibGit2
import Foundation

/// One `Key: value` trailer at the end of a commit message.
public struct Trailer: Equatable, Sendable {
    public let key: String
    public let value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension Repository {
    /// Parses a message's trailer block the way git does (`git_message_trailers`); folded values become one line.
    public static func trailers(in message: String) throws -> [Trailer] {
        LibGit2.ensureInitialized()
        var array = git_message_trailer_array()
        try check(git_message_trailers(&array, message), "git_message_trailers")
        defer { git_message_trailer_array_free(&array) }
        guard let trailers = array.trailers else { return [] }
        return (0..<array.count).map { index in
            let trailer = trailers[index]
            return Trailer(key: copyString(trailer.key) ?? "", value: unfold(copyString(trailer.value) ?? ""))
        }
    }

    /// Joins continuation lines with single spaces and trims, as `git interpret-trailers --parse` prints values.
    static func unfold(_ value: String) -> String {
        value.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
