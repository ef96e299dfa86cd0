import Domain
import Foundation
import Git

/// Engine failures that are not a gate's verdict; each names the file, service or phase and the fix.
package enum EngineError: Error, LocalizedError {
    case unknownService(ServiceName, known: [ServiceName])
    case serviceExists(ServiceName)
    case planExists(ServiceName)
    case missingFile(path: String, fix: String)
    case dirtyFile(path: String, change: String)
    case busy(service: ServiceName)
    case gateMissing(phase: Phase, path: String)
    case alreadyReady(service: ServiceName)
    case invalidEvidence(path: String, message: String)
    /// Inputs of an `advance` differ from HEAD: every differing path, so one run shows them all.
    case unsealedInputs(service: ServiceName, differences: [PathDifference])
    /// A file past its size limit (checklists: 1 MiB), refused before it is parsed.
    case fileTooLarge(path: String, bytes: Int, limit: Int)
    /// `new --image` names something that is no image reference.
    case invalidImageReference(String)
    /// The branch has no commit yet, so there is nothing committed to judge.
    case nothingCommitted(ref: String)
    /// A committed symlink where the gate reads its inputs.
    case symlinkInput(path: String, commit: String)

    package var errorDescription: String? {
        switch self {
        case .unknownService(let name, let known):
            let list =
                known.isEmpty ? "none yet; create one with `podserve-gate new <name>`" : known.joined(separator: ", ")
            return "unknown service '\(name)' (services: \(list))"
        case .serviceExists(let name):
            return "service '\(name)' already exists in services/\(name); pick another name or reopen it"
        case .planExists(let name):
            return
                "services/\(name)/service.yaml already exists and is adopted as is; edit depends_on and image there instead of passing --depends-on/--image"
        case .missingFile(let path, let fix):
            return "\(path) is missing; \(fix)"
        case .dirtyFile(let path, let change):
            return
                "\(path) differs from HEAD (\(change)); it is written only by podserve-gate (commit your manual ticks first, or restore it with `git checkout -- \(path)`)"
        case .busy(let service):
            return "another podserve-gate run is working on '\(service)'; wait for it to finish (its lock, "
                + ".git/podserve-gate/service-\(service).lock, is an flock released when that process exits, so it is "
                + "never stale)"
        case .gateMissing(let phase, let path):
            return "no gate for phase \(phase): \(path) is missing (run `podserve-gate init`)"
        case .alreadyReady(let service):
            return "'\(service)' is already ready: there is no gate left to run (use `podserve-gate reopen` to go back)"
        case .invalidEvidence(let path, let message):
            return "\(path): \(message)"
        case .unsealedInputs(let service, let differences):
            let list = differences.map { "  \($0.path): \($0.change)" }.joined(separator: "\n")
            return "the inputs of \(service)'s gate differ from HEAD; advance judges only committed inputs and "
                + "records exactly what it judged, so commit these changes (your sign-off) or restore them "
                + "(`git restore --staged --worktree <path>`), then run advance again:\n\(list)"
        case .fileTooLarge(let path, let bytes, let limit):
            return
                "\(path) is \(bytes) bytes, past the checklist size limit (\(limit) bytes): keep a checklist to its items"
        case .invalidImageReference(let image):
            let shown = image.unicodeScalars.map {
                $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : "\\u{\(String($0.value, radix: 16))}"
            }.joined()
            return
                "--image \"\(shown)\" is not an image reference podman can run; write it as \(ImageReference.grammar)"
        case .nothingCommitted(let ref):
            return "\(ref) has no commit yet; commit the gates and the service first (git add -A && git commit)"
        case .symlinkInput(let path, let commit):
            return "\(path) is a symlink in \(commit); gate inputs under services/ and gates/ must be regular files "
                + "(a link could reach outside the repository): replace it with the file itself and commit"
        }
    }
}
