import Foundation

/// One `Key: value` trailer at the end of a commit message.
package struct Trailer: Equatable, Sendable {
    package let key: String
    package let value: String

    package init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension Repository {
    /// Parses a message's trailer block exactly as `git interpret-trailers --parse` does (git 2.39's trailer.c
    /// with the default configuration: separator `:`, comment character `#`), values unfolded to one line.
    ///
    /// This is our own reader, not libgit2's `git_message_trailers`, because libgit2 disagrees with git on
    /// hostile messages (issue 10): an empty value (`Gate-Reason:`) comes back as the next line, a `---`
    /// line is a divider only when followed by whitespace in git, and git cuts the message at a scissors
    /// line (`# ------------------------ >8 ------------------------`) where libgit2 reads on. What `verify`
    /// and `history` read must be what git reads, so the parser follows git line for line.
    package static func trailers(in message: String) throws -> [Trailer] {
        TrailerParser(Array(message.utf8)).trailers()
    }
}

/// A byte-level port of git's trailer block detection (trailer.c `trailer_info_get`, commit.c
/// `ignore_non_trailer`, wt-status.c `wt_status_locate_end`) and of `--parse`'s per-line handling.
struct TrailerParser {
    let buf: [UInt8]
    static let comment = UInt8(ascii: "#")
    /// git's cut line, newline included: the whole line must match.
    static let scissors = Array("# ------------------------ >8 ------------------------\n".utf8)
    static let gitGeneratedPrefixes = [Array("Signed-off-by: ".utf8), Array("(cherry picked from commit ".utf8)]

    init(_ bytes: [UInt8]) {
        // git reads the message as a C string: nothing after a NUL byte exists for it.
        if let nul = bytes.firstIndex(of: 0) { buf = Array(bytes[..<nul]) } else { buf = bytes }
    }

    func trailers() -> [Trailer] {
        let patchStart = findPatchStart()
        let trailerEnd = patchStart - ignoredTrailingBytes(patchStart)
        let trailerStart = findTrailerBlockStart(trailerEnd)
        guard trailerStart < trailerEnd else { return [] }
        // Split into lines (each keeping its newline) and join continuation lines onto the trailer above.
        var lines: [[UInt8]] = []
        var lastIsTrailer = false
        var position = trailerStart
        while position < trailerEnd {
            let end = min(nextLine(position), trailerEnd)
            let line = Array(buf[position..<end])
            position = end
            if lastIsTrailer, let first = line.first, Self.isSpace(first) {
                lines[lines.count - 1] += line
                continue
            }
            lines.append(line)
            lastIsTrailer = Self.findSeparator(line) >= 1
        }
        return lines.compactMap { line in
            guard line.first != Self.comment else { return nil }
            let separator = Self.findSeparator(line)
            guard separator >= 1 else { return nil }
            let key = Self.trim(Array(line[..<separator]))
            let value = Self.unfold(Self.trim(Array(line[(separator + 1)...])))
            return Trailer(key: String(decoding: key, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
        }
    }

    /// Where the first `---` line (followed by whitespace) starts: git treats what follows as a patch.
    func findPatchStart() -> Int {
        var position = 0
        while position < buf.count {
            if startsWith(Array("---".utf8), at: position), position + 3 < buf.count, Self.isSpace(buf[position + 3]) {
                return position
            }
            position = nextLine(position)
        }
        return buf.count
    }

    /// Bytes at the end of `buf[..<length]` that are not part of the log message: everything from a
    /// scissors line on, and a trailing run of comment and empty lines (and of an old `Conflicts:` block).
    func ignoredTrailingBytes(_ length: Int) -> Int {
        var cutoff = length
        if startsWith(Self.scissors, at: 0) {
            cutoff = 0
        } else if let found = find([UInt8(ascii: "\n")] + Self.scissors, before: length) {
            cutoff = found + 1
        }
        var boc = 0
        var bol = 0
        var inOldConflictsBlock = false
        while bol < cutoff {
            let next = buf[bol..<length].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? length
            if buf[bol] == Self.comment || buf[bol] == UInt8(ascii: "\n") {
                if boc == 0 { boc = bol }
            } else if startsWith(Array("Conflicts:\n".utf8), at: bol) {
                inOldConflictsBlock = true
                if boc == 0 { boc = bol }
            } else if inOldConflictsBlock && buf[bol] == UInt8(ascii: "\t") {
                // a path in the conflicts block
            } else if boc != 0 {
                boc = 0
                inOldConflictsBlock = false
            }
            bol = next
        }
        return boc != 0 ? length - boc : length - cutoff
    }

    /// git's `find_trailer_start`: the last paragraph when it is all trailers, or holds a git-generated
    /// trailer (`Signed-off-by: `) and at least 25% trailers; `length` when there is none.
    func findTrailerBlockStart(_ length: Int) -> Int {
        var position = 0
        while position < length {
            if buf[position] != Self.comment, isBlankLine(position) { break }
            position = nextLine(position)
        }
        let endOfTitle = position
        var onlySpaces = true
        var recognizedPrefix = false
        var trailerLines = 0
        var nonTrailerLines = 0
        var possibleContinuationLines = 0
        var line = lastLine(length)
        while line >= endOfTitle {
            defer { line = lastLine(line) }
            if buf[line] == Self.comment {
                nonTrailerLines += possibleContinuationLines
                possibleContinuationLines = 0
                continue
            }
            if isBlankLine(line) {
                if onlySpaces { continue }
                nonTrailerLines += possibleContinuationLines
                if recognizedPrefix && trailerLines * 3 >= nonTrailerLines { return nextLine(line) }
                if trailerLines > 0 && nonTrailerLines == 0 { return nextLine(line) }
                return length
            }
            onlySpaces = false
            if Self.gitGeneratedPrefixes.contains(where: { startsWith($0, at: line) }) {
                trailerLines += 1
                possibleContinuationLines = 0
                recognizedPrefix = true
                continue
            }
            let text = Array(buf[line..<nextLine(line)])
            if Self.findSeparator(text) >= 1 && !Self.isSpace(buf[line]) {
                trailerLines += 1
                possibleContinuationLines = 0
            } else if Self.isSpace(buf[line]) {
                possibleContinuationLines += 1
            } else {
                nonTrailerLines += 1 + possibleContinuationLines
                possibleContinuationLines = 0
            }
        }
        return length
    }

    // MARK: byte helpers, as git's

    func nextLine(_ position: Int) -> Int {
        guard position < buf.count else { return buf.count }
        return buf[position...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? buf.count
    }

    /// Start of the line before `length` (git's `last_line`), -1 when there is none.
    func lastLine(_ length: Int) -> Int {
        if length <= 0 { return -1 }
        if length == 1 { return 0 }
        var i = length - 2
        while i >= 0 {
            if buf[i] == UInt8(ascii: "\n") { return i + 1 }
            i -= 1
        }
        return 0
    }

    func isBlankLine(_ position: Int) -> Bool {
        var i = position
        while i < buf.count, buf[i] != UInt8(ascii: "\n"), Self.isSpace(buf[i]) { i += 1 }
        return i >= buf.count || buf[i] == UInt8(ascii: "\n")
    }

    func startsWith(_ prefix: [UInt8], at position: Int) -> Bool {
        guard position + prefix.count <= buf.count else { return false }
        return buf[position..<(position + prefix.count)].elementsEqual(prefix)
    }

    /// The first occurrence of `needle` starting before `length` (git's strstr over the whole message).
    func find(_ needle: [UInt8], before length: Int) -> Int? {
        guard needle.count <= buf.count else { return nil }
        var i = 0
        while i + needle.count <= buf.count {
            if buf[i] == needle[0] && startsWith(needle, at: i) { return i + 1 <= length ? i : nil }
            i += 1
        }
        return nil
    }

    /// git's `find_separator` for the separators ":": the index of the `:` ending a token, or -1.
    static func findSeparator(_ line: [UInt8]) -> Int {
        var whitespaceFound = false
        for (index, c) in line.enumerated() {
            if c == UInt8(ascii: ":") { return index }
            if !whitespaceFound && (isAlnum(c) || c == UInt8(ascii: "-")) { continue }
            if index != 0 && (c == UInt8(ascii: " ") || c == UInt8(ascii: "\t")) {
                whitespaceFound = true
                continue
            }
            break
        }
        return -1
    }

    /// git's `unfold_value`: each newline and the whitespace after it become one space, then trim.
    static func unfold(_ value: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < value.count {
            let c = value[i]
            i += 1
            if c == UInt8(ascii: "\n") {
                while i < value.count && isSpace(value[i]) { i += 1 }
                out.append(UInt8(ascii: " "))
            } else {
                out.append(c)
            }
        }
        return trim(out)
    }

    static func trim(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else {
            return []
        }
        return Array(bytes[first...last])
    }

    /// git's own ctype (sane_ctype): only space, tab, newline and carriage return are whitespace.
    static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0a || c == 0x0d
    }

    static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
    }
}
