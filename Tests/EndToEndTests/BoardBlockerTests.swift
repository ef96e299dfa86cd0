import Foundation
import TestSupport
import Testing

/// What the phase board (`status`) lists as blocking a service: unticked manual items only (never `auto:` items,
/// which the gate ticks itself), and, for integration planning and combination, dependencies not yet past
/// performance (a dependency still in performance blocks).
@Suite(.blocking) struct BoardBlockerTests {
    /// The blockers of one service's row in `status --format json`.
    static func blockers(_ ws: GitSandbox, _ service: String) throws -> [String] {
        let result = try ws.gate("status", "--format", "json")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let rows = (json as? [[String: Any]]) ?? ((json as? [String: Any])?["services"] as? [[String: Any]]) ?? []
        let row = try #require(
            rows.first { $0["service"] as? String == service }, "no row for \(service): \(result.stdout)")
        return row["blockers"] as? [String] ?? []
    }

    @Test func uncheckedAutoItemsAreNotManualBlockers() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        let checklist = try #require(ws.read("services/dns/checklists/1-planning.md"))
        let lines = checklist.components(separatedBy: "\n").filter { $0.contains("- [ ]") }
        let manual = lines.filter { !$0.contains("`auto:") }.count
        #expect(manual > 0 && lines.count > manual, "the planning checklist should hold both kinds: \(checklist)")
        #expect(try Self.blockers(ws, "dns").contains("\(manual) manual item(s) unticked"))
        try ws.preparePlanning("dns")
        let after = try Self.blockers(ws, "dns")
        #expect(!after.contains { $0.contains("manual item(s) unticked") }, "auto items counted as manual: \(after)")
    }

    @Test func aDependencyStillInPerformanceBlocksIntegrationPlanning() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.expectGate(["new", "mail", "--depends-on", "dns"])
        try ws.write("services/mail/state.yaml", "phase: integration-planning\n")
        try ws.write("services/dns/state.yaml", "phase: performance\n")
        #expect(try Self.blockers(ws, "mail").contains("dependency dns is in performance"))
        try ws.write("services/dns/state.yaml", "phase: integration-planning\n")
        #expect(!(try Self.blockers(ws, "mail")).contains { $0.hasPrefix("dependency dns") })
    }
}
