/// Output mixes the tool's text with text from commits and files anyone could have written (checklist items,
/// author names, reasons, a gate file's command paths, a plan's image): every control or bidirectional-override
/// character except line breaks and tabs is printed as its `\uXXXX` escape (four hex digits), so nothing read
/// from a repository can drive the terminal or reorder a line. That form is also the escape JSON strings and YAML
/// double-quoted scalars read back as the same character, so `--format json`, `export kube` and the other
/// documents on stdout stay parseable and exact. One escaper for stdout, stderr's messages and progress lines.
package enum TerminalText {
    /// `text` with every control and bidi-override character (line breaks and tabs aside) as `\uXXXX`.
    package static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out.append(
                    contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return false
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return isBidiControl(scalar)
        }
    }

    /// The marks, embeddings, overrides and isolates that reorder the text around them (the HTML report shows
    /// them escaped too: a browser would reorder a reason or an author name).
    package static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
