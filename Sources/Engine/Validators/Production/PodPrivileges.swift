import Domain
import Foundation
import Yams

/// Privileges a service's container is given in a Pod YAML beyond what service.yaml declares with a reason:
/// privileged mode, host namespaces, and added capabilities.
package enum PodPrivileges {
    /// Findings for the container named `service` in each YAML (name → text).
    package static func findings(pods: [String: String], service: ServiceName, declared: [ServicePlan.Capability])
        -> [String]
    {
        var findings: [String] = []
        for capability in declared where (capability.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            findings.append("security.capabilities \(capability.name) is declared without a reason")
        }
        let allowed = Set(
            declared.filter { !($0.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty }
                .map { normalize($0.name) })
        for (name, text) in pods.sorted(by: { $0.key < $1.key }) {
            do { try YAMLPreScan.check(text) } catch {
                findings.append("\(name) is not a readable Pod YAML: \(error.localizedDescription)")
                continue
            }
            guard let pod = (try? Yams.load(yaml: text)) as? [String: Any], let spec = pod["spec"] as? [String: Any]
            else {
                findings.append("\(name) is not a readable Pod YAML")
                continue
            }
            for key in ["hostNetwork", "hostPID", "hostIPC"] where spec[key] as? Bool == true {
                findings.append("\(name): \(key): true")
            }
            let containers = (spec["containers"] as? [[String: Any]] ?? []).filter {
                $0["name"] as? String == service.rawValue
            }
            for container in containers {
                let security = container["securityContext"] as? [String: Any] ?? [:]
                if security["privileged"] as? Bool == true { findings.append("\(name): \(service) runs privileged") }
                if security["allowPrivilegeEscalation"] as? Bool == true {
                    findings.append("\(name): \(service) allows privilege escalation")
                }
                let added = ((security["capabilities"] as? [String: Any])?["add"] as? [Any] ?? []).map { "\($0)" }
                for capability in added where !allowed.contains(normalize(capability)) {
                    findings.append(
                        "\(name): \(service) adds capability \(capability) that service.yaml security.capabilities does not declare with a reason"
                    )
                }
            }
        }
        return findings
    }

    /// `cap_net_bind_service` and `NET_BIND_SERVICE` are the same capability.
    static func normalize(_ name: String) -> String {
        let upper = name.uppercased()
        return upper.hasPrefix("CAP_") ? String(upper.dropFirst(4)) : upper
    }
}
