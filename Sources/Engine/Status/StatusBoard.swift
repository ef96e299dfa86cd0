import Domain
import Foundation
import Git
import Locking

/// One row of the phase board.
package struct BoardRow: Encodable, Sendable {
    package struct Progress: Encodable, Sendable { package let ticked: Int; package let total: Int }
    package struct Last: Encodable, Sendable {
        package let commit: String
        package let from: String
        package let to: String
        package let signer: String
        package let time: Date
    }
    package let service: ServiceName
    package let phase: String
    package let number: Int
    package let checklist: Progress
    package let last: Last?
    package let blockers: [String]
    /// Why this service's own files could not be read (a broken plan or state, with file:line:column);
    /// the other rows are still shown and the command exits 2 at the end.
    package let error: String?
    /// Dated criteria that start (or started) blocking and waivers expiring soon, on the judged day.
    package var outlook: [String] = []
    /// Waivers in force on the judged day.
    package var waivers: [WaiverSummary] = []
}

/// The phase board: where every service stands, what its last transition was and what blocks it.
package struct StatusBoard {
    package let workspace: Workspace

    package init(workspace: Workspace) { self.workspace = workspace }

    /// Trees up to this size stay in libgit2's cache while the board is read (a `services/` tree of 10,000
    /// services is about 300 KB).
    static let treeCacheLimit = 1 << 20

    /// Rows for `services` (all when empty), read from the work tree or from `ref`; waivers and dated criteria
    /// are judged on `asOf` (default today, UTC).
    ///
    /// `latest`, when given, is each service's newest transition as the caller already read it from history
    /// (`report` has walked all of it), so the board does not walk history a second time.
    package func rows(
        services wanted: [ServiceName], ref: String?, latest: [ServiceName: TransitionEntry]? = nil,
        asOf: CalendarDay? = nil, expiringWithin: Int? = nil
    ) throws -> [BoardRow] {
        let repo = workspace.repo
        // The board looks up `services/<svc>/…` at the tip once per service: with a few hundred services the
        // `services/` tree is larger than libgit2's default cache limit and would be read and parsed every time.
        try Repository.setTreeCacheLimit(Self.treeCacheLimit)
        let tip: OID? = try ref.map { try repo.resolveCommit($0) } ?? repo.head().commit
        let source: FileSource
        if ref != nil, let tip {
            source = CommitSource(repo: repo, commit: tip)
        } else {
            source = WorkTreeSource(workspace)
        }
        let catalog = Catalog(source: source)
        let names = wanted.isEmpty ? try catalog.serviceNames() : try wanted.map { try catalog.requireService($0) }
        let phases = try catalog.allPhases()
        let last = try latest ?? tip.map { try TransitionLog.latest(repo: repo, from: $0, services: Set(names)) } ?? [:]
        let plans = try Self.parsePlans(names, source: source)
        // Each gate's template, parsed once for the board (nil where the gate file is missing or broken).
        var templates: [Phase: GateDefinition?] = [:]
        var outlook = try StatusOutlook(repo: repo, tip: tip, catalog: catalog, day: asOf)
        if let expiringWithin { outlook.soon = expiringWithin }
        return try names.enumerated().map { index, name in
            let entry = last[name]
            let lastTransition = entry.map {
                BoardRow.Last(
                    commit: $0.commit.abbreviated, from: $0.from.text, to: $0.to.text, signer: $0.signer, time: $0.time)
            }
            let phase: Phase
            do { phase = try phases[name] ?? catalog.phase(of: name) } catch {
                let message = Self.message(error)
                return BoardRow(
                    service: name, phase: "unknown", number: 0, checklist: .init(ticked: 0, total: 0),
                    last: lastTransition, blockers: ["state.yaml does not parse"], error: message)
            }
            var planError: String?
            let plan: ServicePlan?
            switch plans[index] {
            case .success(let parsed): plan = parsed
            case .failure(let error):
                plan = nil
                planError = Self.message(error)
            }
            var ticked = 0, total = 0
            var blockers: [String] = []
            if phase != .ready, let text = try catalog.checklistText(of: name, phase: phase) {
                let parsed = Checklist(text: text)
                let items = parsed.items
                total = items.count
                ticked = items.filter(\.checked).count
                let manual = items.filter { $0.autoValidator == nil && !$0.checked }.count
                if manual > 0 { blockers.append("\(manual) manual item(s) unticked") }
                if templates[phase] == nil { templates[phase] = .some(try? catalog.gate(for: phase)) }
                if let gate = templates[phase] ?? nil {
                    let missing = ChecklistConformance.deviations(
                        of: parsed, template: gate.checklist, service: name.rawValue, phase: phase
                    ).count
                    if missing > 0 {
                        blockers.append("\(missing) template item(s) missing or altered in the checklist")
                    }
                }
            }
            if planError != nil { blockers.append("service.yaml does not parse") }
            if phase == .integrationPlanning || phase == .combination {
                for dep in plan?.dependsOn ?? [] {
                    if let p = phases[dep], p.number <= Phase.performance.number {
                        blockers.append("dependency \(dep) is in \(p.rawValue)")
                    }
                }
            }
            var row = BoardRow(
                service: name, phase: phase.rawValue, number: phase.number,
                checklist: .init(ticked: ticked, total: total), last: lastTransition, blockers: blockers,
                error: planError)
            (row.outlook, row.waivers) = try outlook.outlook(service: name, phase: phase)
            return row
        }
    }

    static func message(_ error: Error) -> String {
        (error as? LocalizedError)?.errorDescription ?? String(describing: error)
    }

    /// Reads the plans in order (file and libgit2 access stay on one thread), then parses them on all
    /// cores: YAML parsing is most of a large board's cost. nil where a plan is missing; a broken plan's
    /// error is kept for its own row, so one bad file never takes the board down.
    static func parsePlans(_ names: [ServiceName], source: FileSource) throws -> [Result<ServicePlan?, Error>] {
        let texts = try names.map {
            try source.read(Workspace.planPath($0)).map { String(decoding: $0, as: UTF8.self) }
        }
        let results = Locked<[Result<ServicePlan?, Error>]>(Array(repeating: .success(nil), count: names.count))
        DispatchQueue.concurrentPerform(iterations: names.count) { i in
            guard let text = texts[i] else { return }
            let result: Result<ServicePlan?, Error> = Result {
                try ServicePlan.parse(text, file: Workspace.planPath(names[i]))
            }
            results.withLock { $0[i] = result }
        }
        return results.value
    }
}
