import Domain
import Foundation

/// What a path under `services/` is, as far as the audit cares.
enum ServicePath: Equatable {
    case state(service: Recorded<ServiceName>)
    case evidence(service: Recorded<ServiceName>, name: String)
    case checklist(service: Recorded<ServiceName>, name: String)
    case approval(service: Recorded<ServiceName>, phase: String, name: String)
    case other(service: Recorded<ServiceName>)

    /// Classifies `services/<svc>/…`; nil for paths outside a service folder.
    init?(_ path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 3, parts[0] == Workspace.servicesDir else { return nil }
        let service = Recorded<ServiceName>(parts[1])
        switch (parts.count, parts[2]) {
        case (3, "state.yaml"): self = .state(service: service)
        case (4..., "evidence"): self = .evidence(service: service, name: parts[3...].joined(separator: "/"))
        case (4..., "checklists"): self = .checklist(service: service, name: parts[3...].joined(separator: "/"))
        case (5..., "approvals"):
            self = .approval(service: service, phase: parts[3], name: parts[4...].joined(separator: "/"))
        default: self = .other(service: service)
        }
    }

    var service: Recorded<ServiceName> {
        switch self {
        case .state(let s), .evidence(let s, _), .checklist(let s, _), .approval(let s, _, _), .other(let s): return s
        }
    }
}
