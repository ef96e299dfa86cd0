import Domain
import Foundation

/// The text of `services/<svc>/evidence/3-performance.md`, in the seed's Performance Documentation Template form.
struct BaselineDocument {
    let service: ServiceName
    let image: ImageRecord?
    let imageRef: String
    let figures: [(BaselineFigure, ValidatorRecord, Double)]
    let records: [ValidatorRecord]
    let previous: Evidence?
    let comparison: [String]
    let regressions: [String]
    /// The remote engine's facts (`Podman.engineFacts`) when the figures were measured there; nil for the local one.
    var engine: [String: String]? = nil

    func markdown(date: Date = Date()) -> String {
        var lines = ["## \(service) Performance Baseline", ""]
        lines.append("**Test Date**: \(Self.day(date))")
        let id = image?.id.map { " (id \($0.prefix(12))\(image?.digest.map { ", digest \($0)" } ?? ""))" } ?? ""
        lines.append("**Image**: \(image?.ref ?? imageRef)\(id)")
        lines.append("**Environment**: \(engine.map(Self.environment(engine:)) ?? Self.environment())")
        lines += ["", "### Results:"]
        for (figure, record, value) in figures {
            let mark = record.status == .pass ? "✅" : "❌"
            lines.append("- **\(figure.title)**: \(figure.format(value))\(figure.targetText(record)) \(mark)")
        }
        if let method = records.last(where: { $0.kind == .validator(.startupTime) })?.metrics["method"] {
            lines.append("- Readiness detected by: \(method)")
        }
        if let previous {
            lines += [
                "",
                "### Compared with the previous baseline (\(Self.day(previous.finishedAt)), image \(previous.image?.id?.prefix(12) ?? "unknown")):",
                "",
                "| figure | previous | now | change | verdict |", "|---|---|---|---|---|",
            ]
            lines += comparison
        }
        lines += ["", "### Issues Found:"]
        var issues = records.filter { $0.status == .fail }.map { "- \($0.id): \($0.message)" }
        issues += regressions.map { "- Regression: \($0)" }
        lines += issues.isEmpty ? ["- None"] : issues
        let ok = issues.isEmpty
        lines += [
            "", "### Next Steps:",
            "- [\(ok ? " " : "x")] Performance optimization needed",
            "- [\(ok ? "x" : " ")] Ready for integration testing", "",
        ]
        return lines.joined(separator: "\n")
    }

    static func day(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }

    /// "Linux 6.1, 24 GB RAM, 2 CPU (engine ssh://ci@host/…, host ci-1, podman 4.3.1, probed at host)": the remote
    /// engine's host, and where host-side probes connected (response times include that network path).
    static func environment(engine facts: [String: String]) -> String {
        let ram = Double(facts["memory_bytes"] ?? "").map { String(format: "%.0f GB RAM", $0 / 1e9) } ?? "RAM unknown"
        var engine =
            "engine \(facts["engine"] ?? "?"), host \(facts["hostname"] ?? "?"), podman \(facts["podman_version"] ?? "?")"
        if let probe = facts["probe_host"] { engine += ", probed at \(probe)" }
        return "Linux \(facts["kernel"] ?? "?"), \(ram), \(facts["cpus"] ?? "?") CPU (\(engine))"
    }

    /// "Linux 6.1 (24 GB RAM, 2 CPU)": what the figures were measured on.
    static func environment() -> String {
        let info = ProcessInfo.processInfo
        let ram = String(format: "%.0f GB RAM", Double(info.physicalMemory) / 1e9)
        var uts = utsname()
        uname(&uts)
        let release = withUnsafeBytes(of: &uts.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "Linux \(release), \(ram), \(info.activeProcessorCount) CPU"
    }
}
