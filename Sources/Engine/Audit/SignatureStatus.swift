import Foundation

/// A commit's signature as history and verify report it.
///
/// Without checking (plain `history`) a commit is only `unsigned` or `signed`; checking
/// (`verify --require-signatures`, `history --signatures`) turns `signed` into `good`, `bad` or `unknown-signer`.
package enum SignatureStatus: String, Codable, Sendable {
    case unsigned
    /// Carries a signature that was not checked.
    case signed
    case good
    case bad
    case unknownSigner = "unknown-signer"
}

/// The outcome of checking one signature: its status, who signed (principal, key uid) and the checker's words.
package struct SignatureVerdict: Equatable, Sendable {
    package let status: SignatureStatus
    /// The allowed-signers principal (SSH) or the key's user id (OpenPGP), when known.
    package let signer: String?
    /// The key fingerprint or id, when known.
    package let key: String?
    /// Why it is not good, or what the checker said.
    package let detail: String

    package init(status: SignatureStatus, signer: String? = nil, key: String? = nil, detail: String = "") {
        self.status = status
        self.signer = signer
        self.key = key
        self.detail = detail
    }
}
