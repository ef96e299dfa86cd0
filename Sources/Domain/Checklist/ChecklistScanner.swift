/// Finds task-list items in Markdown bytes: bullets `-`, `*`, `+` or `1.`/`1)`, any indentation, not inside fences.
enum ChecklistScanner {
    static func items(in bytes: [UInt8]) -> [ChecklistItem] {
        var items: [ChecklistItem] = []
        var fence: (char: UInt8, length: Int)?
        var listIndents: [Int] = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count || (start == bytes.count && lineNumber == 0) {
            lineNumber += 1
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var contentEnd = end
            if contentEnd > start, bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            let line = Line(bytes: bytes, start: start, end: contentEnd)
            if let open = fence {
                if line.closesFence(open) { fence = nil }
            } else if let opened = line.opensFence() {
                fence = opened
            } else if let bullet = line.bullet() {
                while let last = listIndents.last, last >= line.indent { listIndents.removeLast() }
                let depth = listIndents.count
                listIndents.append(line.indent)
                if let task = line.task(after: bullet) {
                    items.append(
                        ChecklistItem(
                            index: items.count, line: lineNumber, checked: task.checked,
                            text: task.text, autoValidator: task.auto, depth: depth,
                            markOffset: task.markOffset, tagColumn: task.tagColumn))
                }
            } else if !line.isBlank, line.indent == 0 {
                listIndents.removeAll()
            }
            start = end + 1
        }
        return items
    }
}

/// One line of the checklist (without its line ending), as a byte range.
private struct Line {
    let bytes: [UInt8]
    let start: Int
    let end: Int
    /// Offset of the first non-blank byte.
    let firstText: Int
    /// Indentation width, tabs counted to the next multiple of 4.
    let indent: Int

    init(bytes: [UInt8], start: Int, end: Int) {
        self.bytes = bytes
        self.start = start
        self.end = end
        var offset = start, width = 0
        while offset < end, bytes[offset] == UInt8(ascii: " ") || bytes[offset] == UInt8(ascii: "\t") {
            width = bytes[offset] == UInt8(ascii: "\t") ? (width / 4 + 1) * 4 : width + 1
            offset += 1
        }
        self.firstText = offset
        self.indent = width
    }

    var isBlank: Bool { firstText == end }

    func isSpace(_ offset: Int) -> Bool {
        offset < end && (bytes[offset] == UInt8(ascii: " ") || bytes[offset] == UInt8(ascii: "\t"))
    }

    /// Length of the run of `char` starting at the first text byte.
    func run(of char: UInt8) -> Int {
        var offset = firstText
        while offset < end, bytes[offset] == char { offset += 1 }
        return offset - firstText
    }

    /// A line of three or more backticks or tildes opens a fence (at any indentation, so fenced code
    /// inside list items is recognised too).
    func opensFence() -> (char: UInt8, length: Int)? {
        for char in [UInt8(ascii: "`"), UInt8(ascii: "~")] {
            let length = run(of: char)
            if length >= 3 { return (char, length) }
        }
        return nil
    }

    /// The fence closes on the same character, at least as long, with nothing after it.
    func closesFence(_ open: (char: UInt8, length: Int)) -> Bool {
        let length = run(of: open.char)
        guard length >= open.length else { return false }
        return bytes[(firstText + length)..<end].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// The offset just after a list marker (`-`, `*`, `+`, `1.`, `1)`) and its space, or nil.
    func bullet() -> Int? {
        guard firstText < end else { return nil }
        let first = bytes[firstText]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "*") || first == UInt8(ascii: "+") {
            return isSpace(firstText + 1) ? firstText + 1 : nil
        }
        var offset = firstText
        while offset < end, offset - firstText < 9, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) {
            offset += 1
        }
        guard offset > firstText, offset < end,
            bytes[offset] == UInt8(ascii: ".") || bytes[offset] == UInt8(ascii: ")"),
            isSpace(offset + 1)
        else { return nil }
        return offset + 1
    }

    /// The `[ ]`/`[x]`/`[X]` box after the marker, followed by whitespace and text.
    func task(after marker: Int) -> (checked: Bool, text: String, auto: String?, markOffset: Int, tagColumn: Int?)? {
        var offset = marker
        while isSpace(offset) { offset += 1 }
        guard offset + 2 < end, bytes[offset] == UInt8(ascii: "["), bytes[offset + 2] == UInt8(ascii: "]") else {
            return nil
        }
        let mark = bytes[offset + 1]
        guard mark == UInt8(ascii: " ") || mark == UInt8(ascii: "x") || mark == UInt8(ascii: "X"), isSpace(offset + 3)
        else { return nil }
        let textStart = offset + 3
        let raw = String(decoding: bytes[textStart..<end], as: UTF8.self).trimmingWhitespace()
        guard !raw.isEmpty else { return nil }
        let (text, auto, tagOffset) = AutoTag.split(raw)
        let tagColumn = tagOffset.map { tag -> Int in
            let leading = String(decoding: bytes[start..<textStart], as: UTF8.self).count
            let skipped = String(decoding: bytes[textStart..<end], as: UTF8.self).prefix { $0 == " " || $0 == "\t" }
                .count
            return leading + skipped + tag + 1
        }
        return (mark != UInt8(ascii: " "), text, auto, offset + 1, tagColumn)
    }
}

/// The `` `auto:<id>` `` suffix that marks an automated item.
enum AutoTag {
    /// Validator ids: lowercase letters, digits, `-`, `_`, `.`; starting with a letter or digit.
    static func isValidID(_ id: Substring) -> Bool {
        guard let first = id.first, first.isASCII, first.isLowercase || first.isNumber else { return false }
        return id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
    }

    /// The text without a valid trailing tag, the tag's id, and the tag's character offset in `raw`.
    static func split(_ raw: String) -> (text: String, id: String?, offset: Int?) {
        guard raw.hasSuffix("`"), let open = raw.dropLast().lastIndex(of: "`") else { return (raw, nil, nil) }
        let inner = raw[raw.index(after: open)..<raw.index(before: raw.endIndex)]
        guard inner.hasPrefix("auto:") else { return (raw, nil, nil) }
        let id = inner.dropFirst("auto:".count)
        guard isValidID(id) else { return (raw, nil, nil) }
        let text = String(raw[..<open]).trimmingWhitespace()
        return (text, String(id), raw.distance(from: raw.startIndex, to: open))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs (no Foundation needed).
    func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
