import Domain
import Foundation
import Git
import Locking

/// The sign-off rules of `verify`: a checklist keeps every item of its gate's template (`checklist-altered`),
/// a transition commit never ticks a manual item itself (`manual-tick-in-transition`), and a reopen withdraws
/// the manual ticks of the phase it returns to and of every later one (`reopen-kept-signoff`).
extension CommitInspection {
    /// Every manual tick in a checklist of `service` that this transition commit changed must already be in
    /// its parent: the commit that ticks a manual item is a person's sign-off, and the gate never makes one.
    mutating func inspectManualTicks(service: Recorded<ServiceName>, changedChecklists: [String]) throws {
        for path in changedChecklists {
            let now = try checklist(at: path, in: info.id)
            let before = try info.parents.first.flatMap { try checklist(at: path, in: $0) }
            let forged = Self.newManualTicks(in: now, comparedTo: before)
            guard !forged.isEmpty else { continue }
            let listed = forged.prefix(3).map { "line \($0.line) \"\($0.text)\"" }.joined(separator: ", ")
            add(
                service, .manualTickInTransition,
                "ticks \(forged.count) manual item(s) of \(path) in the transition commit itself: \(listed)"
                    + "\(forged.count > 3 ? ", …" : ""); a manual tick is a person's sign-off and must be committed before the gate runs"
            )
        }
    }

    /// The checklist of the phase left must hold every item of the gate's template, as the gate file stood
    /// in the transition's parent (the gate that was run).
    mutating func inspectTemplate(service: Recorded<ServiceName>, leaving phase: Phase) throws {
        guard let parent = info.parents.first else { return }
        let gateFile = Workspace.gatePath(phase)
        guard let gateID = try repo.blobID(at: gateFile, in: parent),
            let template = try templates.template(gateID, file: gateFile, repo: repo)
        else { return }
        let path = Workspace.checklistPath(service, phase)
        let text = try repo.blob(at: path, in: info.id).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let deviations = ChecklistConformance.deviations(
            checklist: text, template: template.text, service: service.text, phase: phase)
        guard let first = deviations.first else { return }
        let location = ChecklistConformance.templateLocation(
            line: first.templateItem.line, start: template.location, gateFile: gateFile)
        let more = deviations.count > 1 ? " (and \(deviations.count - 1) more template item(s))" : ""
        add(
            service, .checklistAltered,
            "advances \(phase.rawValue) with an altered checklist: "
                + first.message(checklistPath: path, templateLocation: location) + more)
    }

    /// A manual item still open in the parent's checklist of the phase left must not vanish in the transition:
    /// dropping it dodges the sign-off as surely as leaving it unticked (reported as `checklist-incomplete`).
    mutating func inspectDroppedItems(service: Recorded<ServiceName>, leaving phase: Phase) throws {
        guard let parent = info.parents.first else { return }
        let path = Workspace.checklistPath(service, phase)
        guard let before = try checklist(at: path, in: parent) else { return }
        var present: [String: Int] = [:]
        for item in try checklist(at: path, in: info.id)?.manualItems ?? [] { present[item.text, default: 0] += 1 }
        var dropped: [ChecklistItem] = []
        for item in before.manualItems {
            if let count = present[item.text], count > 0 {
                present[item.text] = count - 1
            } else if !item.checked {
                dropped.append(item)
            }
        }
        guard !dropped.isEmpty else { return }
        let listed = dropped.prefix(3).map { "line \($0.line) \"\($0.text)\"" }.joined(separator: ", ")
        add(
            service, .checklistIncomplete,
            "leaves \(phase.rawValue) after removing \(dropped.count) unticked manual item(s) from \(path) in the transition commit: "
                + "\(listed)\(dropped.count > 3 ? ", …" : "")")
    }

    /// A reopen to `target` leaves no manual item ticked in the checklists of `target` and every later phase.
    mutating func inspectReopen(service: Recorded<ServiceName>, to target: Phase) throws {
        for phase in PhaseMachine.signOffsWithdrawn(byReopeningTo: target) {
            let path = Workspace.checklistPath(service, phase)
            guard let kept = try checklist(at: path, in: info.id)?.manualItems.filter(\.checked), !kept.isEmpty else {
                continue
            }
            let listed = kept.prefix(3).map { "line \($0.line) \"\($0.text)\"" }.joined(separator: ", ")
            add(
                service, .reopenKeptSignOff,
                "reopens to \(target.rawValue) but keeps \(kept.count) manual tick(s) in \(path): \(listed)"
                    + "\(kept.count > 3 ? ", …" : ""); a reopen withdraws the sign-offs of \(target.rawValue) and every later phase"
            )
        }
    }

    /// Manual items ticked in `now` that `before` does not hold ticked under the same text.
    static func newManualTicks(in now: Checklist?, comparedTo before: Checklist?) -> [ChecklistItem] {
        var signed: [String: Int] = [:]
        for item in before?.manualItems ?? [] where item.checked { signed[item.text, default: 0] += 1 }
        var forged: [ChecklistItem] = []
        for item in now?.manualItems ?? [] where item.checked {
            if let count = signed[item.text], count > 0 {
                signed[item.text] = count - 1
            } else {
                forged.append(item)
            }
        }
        return forged
    }

    private func checklist(at path: String, in commit: OID) throws -> Checklist? {
        // An oversize checklist is judged by nothing but its size (CommitInspection reports it).
        try repo.blob(at: path, in: commit).flatMap {
            $0.count > Catalog.checklistLimit ? nil : Checklist(text: String(decoding: $0, as: UTF8.self))
        }
    }
}

/// Checklist templates read from gate-file blobs, shared by the inspections of one audit (on both threads),
/// so a history of many transitions parses each version of a gate file once.
final class GateTemplateCache: Sendable {
    struct Template {
        let text: String
        let location: SourceLocation?
    }

    private let templates = Locked<[OID: Template?]>([:])

    /// The template of the gate file blob `id`; nil when the file holds none that can be read.
    func template(_ id: OID, file: String, repo: Repository) throws -> Template? {
        if let known = templates.withLock({ $0[id] }) { return known }
        let text = String(decoding: try repo.blobData(id, path: file), as: UTF8.self)
        let read = GateDefinition.checklistTemplate(text, file: file).map {
            Template(text: $0.template, location: $0.location)
        }
        templates.withLock { $0[id] = .some(read) }
        return read
    }
}
