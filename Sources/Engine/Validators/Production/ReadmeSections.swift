import Foundation

/// The sections phase 6 requires in `services/<svc>/README.md` and a Markdown reader that finds them:
/// a section is a heading whose title contains one of the section's words; its body (up to the next heading
/// of the same or a higher level) must hold more than placeholders. Headings inside code fences do not count.
package enum ReadmeSections {
    /// A required section: its display title and the heading words that match it.
    package struct Requirement: Sendable {
        package let title: String
        package let words: [String]
    }

    package static let required: [Requirement] = [
        Requirement(title: "Purpose", words: ["purpose"]),
        Requirement(title: "Configuration", words: ["configuration", "config"]),
        Requirement(title: "Health checks", words: ["health"]),
        Requirement(title: "Troubleshooting", words: ["troubleshooting"]),
        Requirement(title: "Performance", words: ["performance"]),
    ]

    /// A heading and the text under it.
    struct Section {
        let level: Int
        let title: String
        var body: [String]
    }

    /// The required sections that are missing or empty, as `Purpose (missing)` / `Troubleshooting (empty)`.
    package static func problems(in markdown: String) -> [String] {
        let sections = parse(markdown)
        return required.compactMap { requirement in
            let matching = sections.filter { section in
                let title = section.title.lowercased()
                return requirement.words.contains { title.contains($0) }
            }
            if matching.isEmpty { return "\(requirement.title) (missing)" }
            return matching.contains { hasContent($0.body) } ? nil : "\(requirement.title) (empty)"
        }
    }

    /// Splits Markdown into sections; a section's body includes its subsections.
    static func parse(_ markdown: String) -> [Section] {
        var sections: [Section] = []
        var open: [Int] = []  // indices of sections still collecting lines
        var fence: String?
        for raw in markdown.components(separatedBy: .newlines) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if let marker = fence {
                if line.hasPrefix(marker) { fence = nil }
            } else if line.hasPrefix("```") || line.hasPrefix("~~~") {
                fence = String(line.prefix(3))
            } else if let heading = heading(line) {
                open.removeAll { sections[$0].level >= heading.level }
                sections.append(Section(level: heading.level, title: heading.title, body: []))
                open.append(sections.count - 1)
                continue
            }
            for index in open { sections[index].body.append(raw) }
        }
        return sections
    }

    static func heading(_ line: String) -> (level: Int, title: String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        let title = rest.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "#"))
        return (hashes, title.trimmingCharacters(in: .whitespaces))
    }

    /// True when some line says something: not blank, not an HTML comment, not a placeholder.
    static func hasContent(_ lines: [String]) -> Bool {
        let placeholders: Set<String> = ["todo", "tbd", "...", "…", "-", "n/a", "fixme", "coming soon"]
        var text = lines.joined(separator: "\n")
        while let start = text.range(of: "<!--") {
            let end = text.range(of: "-->", range: start.upperBound..<text.endIndex)?.upperBound ?? text.endIndex
            text.removeSubrange(start.lowerBound..<end)
        }
        return text.components(separatedBy: .newlines).contains { line in
            let word = line.trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "-*_>.:` ")
            )
            .lowercased()
            return !word.isEmpty && !placeholders.contains(word) && word.contains { $0.isLetter || $0.isNumber }
        }
    }
}
