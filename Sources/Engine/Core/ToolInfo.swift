import Foundation

/// The tool's version and the environment facts recorded in evidence.
package enum ToolInfo {
    package static let version = "0.2.0"

    /// Host facts that make figures comparable (the seed's "Environment" line).
    package static func environment() -> [String: String] {
        let info = ProcessInfo.processInfo
        var env: [String: String] = [
            "os": info.operatingSystemVersionString,
            "cpus": String(info.activeProcessorCount),
            "memory_bytes": String(info.physicalMemory),
        ]
        var uts = utsname()
        if uname(&uts) == 0 {
            env["kernel"] = withUnsafeBytes(of: &uts.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            env["arch"] = withUnsafeBytes(of: &uts.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        return env
    }
}
