import Foundation

/// Which user a service runs as, judged from the image config and, for a root parent, its running processes.
package enum UserCheck {
    /// `""`, `root`, `0`, `root:root`, `0:0` all mean root.
    package static func isRoot(_ user: String) -> Bool {
        let name = user.split(separator: ":", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed == "root" || trimmed == "0"
    }

    /// A root parent is acceptable when exactly one process (the parent) is root and the workers are not.
    /// Returns nil when acceptable, else the reason.
    package static func rootParentProblem(processUsers users: [String]) -> String? {
        let roots = users.filter(isRoot)
        let workers = users.filter { !isRoot($0) }
        if workers.isEmpty {
            return
                "all \(users.count) process(es) run as root; the long-running workers must run as an unprivileged user"
        }
        if roots.count > 1 {
            return "\(roots.count) processes run as root (only the parent may): users \(users.joined(separator: ", "))"
        }
        return nil
    }
}
