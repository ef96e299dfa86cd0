import Foundation

/// Finds environment variables that look like secrets, by name (PASSWORD, TOKEN, API_KEY…) or by value
/// (a private key, a long high-entropy token). Findings name the variable and its source, never the value.
package enum SecretScan {
    /// Name parts that mark a secret (compared upper-cased, `-` read as `_`).
    package static let secretNames = [
        "PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "ACCESS_KEY",
        "SECRET_KEY", "AUTH_KEY", "CREDENTIAL", "CLIENT_SECRET",
    ]
    /// Name endings whose values are public identifiers (checksums, versions), exempt from the entropy test.
    static let publicSuffixes = ["_SHA256", "_SHA", "_SHA512", "_CHECKSUM", "_DIGEST", "_FINGERPRINT", "_VERSION"]

    /// `config.env DB_PASSWORD (name looks like a secret)` for each suspicious variable of `env`.
    package static func findings(_ env: [String: String], source: String) -> [String] {
        env.keys.sorted().compactMap { name in
            reason(name: name, value: env[name] ?? "").map { "\(source) \(name) (\($0))" }
        }
    }

    /// Why a variable looks like a secret, or nil.
    package static func reason(name: String, value: String) -> String? {
        let upper = name.uppercased().replacingOccurrences(of: "-", with: "_")
        if secretNames.contains(where: { upper.contains($0) }) { return "name looks like a secret" }
        if value.contains("-----BEGIN") && value.contains("KEY") { return "value is a private key" }
        if !publicSuffixes.contains(where: { upper.hasSuffix($0) }) && isHighEntropy(value) {
            return "value looks like a high-entropy token"
        }
        return nil
    }

    /// A token-like value: 20+ characters from a key alphabet, letters and digits mixed, and close to random
    /// (Shannon entropy ≥ 4 bits per character; ≥ 3.5 for 32+ hex digits).
    package static func isHighEntropy(_ value: String) -> Bool {
        guard value.count >= 20 else { return false }
        let alphabet = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-.")
        guard value.unicodeScalars.allSatisfy(alphabet.contains) else { return false }
        guard value.contains(where: \.isLetter), value.contains(where: \.isNumber) else { return false }
        let entropy = shannonEntropy(value)
        if value.count >= 32 && value.allSatisfy(\.isHexDigit) { return entropy >= 3.5 }
        return entropy >= 4.0
    }

    static func shannonEntropy(_ value: String) -> Double {
        var counts: [Character: Int] = [:]
        for c in value { counts[c, default: 0] += 1 }
        let n = Double(value.count)
        return counts.values.reduce(0) { sum, count in
            let p = Double(count) / n
            return sum - p * log2(p)
        }
    }
}
