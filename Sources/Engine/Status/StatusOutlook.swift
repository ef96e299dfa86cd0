import Domain
import Foundation
import Git

/// A waiver as the status board lists it.
package struct WaiverSummary: Encodable, Sendable {
    package let validator: String
    package let phase: Phase
    package let commit: String
    package let expires: String
    package let owner: String
    package let reason: String
    /// Days from the judged day to the expiry day (0: it expires that day).
    package let daysLeft: Int

    enum CodingKeys: String, CodingKey {
        case validator, phase, commit, expires, owner, reason
        case daysLeft = "days_left"
    }
}

/// The look ahead of `status [--as-of DAY]`: dated criteria of each service's current gate that start or started
/// blocking, and its waivers in force, flagging those that expire within `soon` days of the day or expired
/// between today and it. Read from the gate files of the board's source and waivers from git history only.
struct StatusOutlook {
    /// Waivers expiring within this many days are listed by `status` unless it is told otherwise.
    static let defaultSoon = 14
    var soon = StatusOutlook.defaultSoon

    let day: CalendarDay
    let today: CalendarDay
    let book: WaiverBook
    let judge: WaiverJudge
    private var gates: [Phase: GateDefinition?] = [:]
    let catalog: Catalog

    init(repo: Repository, tip: OID?, catalog: Catalog, day: CalendarDay?) throws {
        self.today = .today()
        self.day = day ?? today
        // Waivers live in history, but every waiver commit also writes `services/<svc>/waivers/`: when no service
        // has that folder at the tip there is no waiver to show, and the board need not read history at all
        // (its cost must not grow with the length of history, and a shallow clone must still show it).
        let anyWaivers =
            try tip.map { tip in
                try catalog.serviceNames().contains {
                    try repo.treeID(at: "\(Workspace.serviceDir($0))/waivers", in: tip) != nil
                }
            } ?? false
        self.book = try WaiverBook(repo: repo, tip: anyWaivers ? tip : nil)
        self.judge = WaiverJudge(repo: repo, checkingSignaturesWith: nil)
        self.catalog = catalog
    }

    /// The notes and the waivers in force of one service in `phase`.
    mutating func outlook(service: ServiceName, phase: Phase) throws -> (notes: [String], waivers: [WaiverSummary]) {
        guard phase.isGated, let gate = gate(phase) else { return ([], []) }
        var notes: [String] = []
        for spec in gate.validators {
            guard let effective = spec.effective else { continue }
            if day < effective {
                notes.append("\(spec.id) blocks from \(effective) (in \(day.days(until: effective)) days)")
            } else if today < effective {
                notes.append("\(spec.id) blocks since \(effective)")
            }
        }
        var summaries: [WaiverSummary] = []
        for waiver in book.waivers(service: service) where waiver.phase == .known(phase) {
            let problems = try judge.problems(
                waiver, policy: gate.waiverPolicy(for: waiver.validator),
                gateFile: Workspace.gatePath(phase), on: day, revocation: book.revocation(of: waiver))
            guard let expires = waiver.expires else { continue }
            if problems.isEmpty {
                let left = day.days(until: expires)
                summaries.append(
                    WaiverSummary(
                        validator: waiver.validator, phase: phase, commit: waiver.commit.abbreviated,
                        expires: waiver.expiresText, owner: waiver.owner, reason: waiver.reason, daysLeft: left))
                if left <= soon {
                    notes.append(
                        "waiver \(waiver.validator) expires \(expires) (in \(left) days, owner \(waiver.owner))")
                }
            } else if problems == [.expired(expires)], today <= expires {
                notes.append("waiver \(waiver.validator) expired \(expires): \(waiver.validator) must pass again")
            }
        }
        return (notes, summaries)
    }

    private mutating func gate(_ phase: Phase) -> GateDefinition? {
        if let cached = gates[phase] { return cached }
        let gate = try? catalog.gate(for: phase)
        gates[phase] = gate
        return gate
    }
}
