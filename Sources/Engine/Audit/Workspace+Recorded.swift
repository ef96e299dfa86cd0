import Domain
import Foundation

/// Where a service's files lie for a service name as history records it (a trailer, a folder of a commit's
/// tree): an audit looks up the path spelled exactly as written, so a name this version would refuse (`Mail`,
/// `../x`, empty) still gets its finding about the path it names instead of being dropped. These paths are
/// only ever looked up in git trees, never opened on disk.
extension Workspace {
    static func serviceDir(_ service: Recorded<ServiceName>) -> String { "\(servicesDir)/\(service.text)" }
    static func planPath(_ service: Recorded<ServiceName>) -> String { "\(serviceDir(service))/\(planFile)" }
    static func statePath(_ service: Recorded<ServiceName>) -> String { "\(serviceDir(service))/\(stateFile)" }
    static func checklistPath(_ service: Recorded<ServiceName>, _ phase: Phase) -> String {
        "\(serviceDir(service))/checklists/\(phase.fileStem).md"
    }
    static func evidencePath(_ service: Recorded<ServiceName>, _ phase: Phase) -> String {
        "\(serviceDir(service))/evidence/\(phase.fileStem).json"
    }
}

extension Recorded<ServiceName> {
    /// Why the recorded text is no service name (the message `ServiceName(_:)` refuses it with); nil for a valid one.
    var refusal: String? {
        guard case .unrecognized(let text) = self else { return nil }
        do {
            _ = try ServiceName(text)
            return nil
        } catch {
            return (error as? LocalizedError)?.errorDescription ?? "'\(text)' is no service name"
        }
    }
}
