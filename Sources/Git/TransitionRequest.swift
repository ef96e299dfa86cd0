import Foundation

/// What one transition commit writes: whole-file contents for a few paths and the message, optionally signed.
package struct TransitionRequest {
    /// Repository-relative path → full new content; these are the only paths the commit changes.
    package var files: [String: Data]
    /// The full commit message, trailers included.
    package var message: String
    /// Given the commit buffer, returns the armored signature (SSH or OpenPGP); nil commits unsigned.
    package var sign: ((String) throws -> String)?
    /// How long to wait for another transition writer before throwing `GitError.busy`.
    package var lockTimeout: TimeInterval
    /// How many times to rebuild on a branch that moved underneath us (without touching our paths).
    package var maxAttempts: Int
    /// The commit whose content the transition judged; nil when it judged nothing (creation, reopen).
    package var base: OID?
    /// Given a commit the transition is about to land on (the branch tip, which may be newer than `base`),
    /// the inputs that differ from `base`; any makes the writer refuse (`GitError.inputsMoved`).
    package var inputsChanged: ((_ base: OID, _ parent: OID) throws -> [String])?
    /// How long to wait for git's own lock files (index.lock, the branch's .lock) before refusing.
    package var gitLockTimeout: TimeInterval = 2

    /// Describes a transition; nothing is written until `Repository.writeTransition(_:)`.
    package init(
        files: [String: Data], message: String, sign: ((String) throws -> String)? = nil,
        lockTimeout: TimeInterval = 30, maxAttempts: Int = 5
    ) {
        self.files = files
        self.message = message
        self.sign = sign
        self.lockTimeout = lockTimeout
        self.maxAttempts = maxAttempts
    }
}
