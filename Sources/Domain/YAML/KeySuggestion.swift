/// "Did you mean …?" for an unknown key: the known key a typo most likely meant, so `dependson` points at
/// `depends_on` instead of leaving a person to read the whole list.
package enum KeySuggestion {
    /// The closest known key: one that differs only in case, `_`/`-`/space, or within a small edit distance
    /// (a third of the key's length, at least 1, at most 3); nil when nothing is that close.
    package static func closest(to key: String, in known: [String]) -> String? {
        let folded = fold(key)
        if let same = known.first(where: { fold($0) == folded }) { return same }
        let allowed = min(3, max(1, folded.count / 3))
        var best: (key: String, distance: Int)?
        for candidate in known {
            let distance = editDistance(folded, fold(candidate), cap: allowed + 1)
            if distance <= allowed, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.key
    }

    /// " (did you mean `x`?)" or "" — ready to put into a message.
    package static func phrase(for key: String, in known: [String]) -> String {
        closest(to: key, in: known).map { " (did you mean `\($0)`?)" } ?? ""
    }

    static func fold(_ text: String) -> [Character] {
        Array(text.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " })
    }

    /// Edit distance counting a swap of neighbours as one edit (`imgae` is one from `image`), giving up
    /// (returning `cap`) once every path is at least `cap`: a long hostile key costs little.
    static func editDistance(_ a: [Character], _ b: [Character], cap: Int) -> Int {
        if abs(a.count - b.count) >= cap { return cap }
        var before = Array(repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        for i in 0..<a.count {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for j in 0..<b.count {
                var best = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a[i] == b[j] ? 0 : 1))
                if i > 0, j > 0, a[i] == b[j - 1], a[i - 1] == b[j] { best = min(best, before[j - 1] + 1) }
                current[j + 1] = best
            }
            if current.min() ?? cap >= cap { return cap }
            before = previous
            previous = current
        }
        return min(previous[b.count], cap)
    }
}
