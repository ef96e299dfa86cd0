import Foundation

/// The image reference grammar podman accepts (`[registry[:port]/]path[:tag][@sha256:digest]`), so a plan or
/// `new --image` never records a reference no engine can run (a line break, spaces, YAML).
package enum ImageReference {
    package static let grammar =
        "[registry[:port]/]name[/name…][:tag][@sha256:<64 hex>], lower-case name parts such as localhost/podserve-dns:latest"

    package static func isValid(_ reference: String) -> Bool {
        guard !reference.isEmpty, reference.count <= 255,
            reference.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F })
        else { return false }
        var rest = Substring(reference)
        if let at = rest.firstIndex(of: "@") {
            let digest = rest[rest.index(after: at)...]
            guard digest.hasPrefix("sha256:"), digest.dropFirst(7).count == 64,
                digest.dropFirst(7).allSatisfy({ $0.isHexDigit && !$0.isUppercase })
            else { return false }
            rest = rest[..<at]
        }
        var parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard var last = parts.popLast(), !last.isEmpty else { return false }
        if let colon = last.lastIndex(of: ":") {
            let tag = last[last.index(after: colon)...]
            guard (1...128).contains(tag.count), tag.first.map({ $0.isLetter || $0.isNumber || $0 == "_" }) == true,
                tag.allSatisfy({ $0.isLetter || $0.isNumber || "_.-".contains($0) })
            else { return false }
            last = String(last[..<colon])
        }
        // A first part with a dot, a colon (port) or `localhost` is a registry host.
        if let first = parts.first, parts.count >= 1, first.contains(".") || first.contains(":") || first == "localhost"
        {
            let host = first.split(separator: ":", maxSplits: 1)
            guard let name = host.first, !name.isEmpty,
                name.allSatisfy({ $0.isLetter || $0.isNumber || "-.".contains($0) }),
                host.count == 1 || (host.count == 2 && host[1].allSatisfy(\.isNumber) && !host[1].isEmpty)
            else { return false }
            parts.removeFirst()
        }
        return (parts + [last]).allSatisfy(isPathComponent)
    }

    /// `[a-z0-9]+` parts joined by `.`, `_`, `__` or dashes.
    private static func isPathComponent(_ part: String) -> Bool {
        guard let first = part.first, let last = part.last, first.isLowercaseAlnum, last.isLowercaseAlnum else {
            return false
        }
        return part.allSatisfy { $0.isLowercaseAlnum || "._-".contains($0) }
    }
}

private extension Character {
    var isLowercaseAlnum: Bool { ("a"..."z").contains(self) || ("0"..."9").contains(self) }
}
