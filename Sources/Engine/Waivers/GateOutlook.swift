import Domain
import Foundation
import Git

/// Applies dated criteria and waivers to a gate run's records on one day.
///
/// A failing validator whose `effective:` day is still ahead reports `warn` (it never blocks before that day);
/// otherwise a failing validator with a waiver that counts on the day (see `WaiverJudge`) reports `waived` and
/// names the waiver commit. Passing and skipped records are left as they are. Waivers come from the history of
/// `tip` (the judged commit, or HEAD for a work-tree `check`), never from the work tree.
final class GateOutlook {
    let gate: GateDefinition
    let service: ServiceName
    let day: CalendarDay
    let repo: Repository
    let tip: OID?
    let signatures: () throws -> SignatureChecker?
    /// Read on the first failing validator only: a passing gate never scans history for waivers (nor sets up
    /// a signature checker).
    private var book: WaiverBook?
    private var judge: WaiverJudge?

    init(
        repo: Repository, gate: GateDefinition, service: ServiceName, tip: OID?, day: CalendarDay,
        signatures: @escaping () throws -> SignatureChecker?
    ) {
        self.gate = gate
        self.service = service
        self.day = day
        self.repo = repo
        self.tip = tip
        self.signatures = signatures
    }

    /// The record as the gate counts it on `day`.
    func apply(_ record: ValidatorRecord, spec: ValidatorSpec) throws -> ValidatorRecord {
        guard record.status == .fail else { return record }
        var record = record
        if let effective = spec.effective, day < effective {
            record.status = .warn
            record.message += " — warn only: this criterion is effective from \(effective) and blocks from then"
            return record
        }
        let book = try self.book ?? WaiverBook(repo: repo, tip: tip)
        self.book = book
        let candidates = book.waivers(service: service, phase: gate.phase, validator: spec.id)
        guard !candidates.isEmpty else { return record }
        let judge = try self.judge ?? WaiverJudge(repo: repo, checkingSignaturesWith: signatures())
        self.judge = judge
        let gateFile = Workspace.gatePath(gate.phase)
        let policy = gate.waiverPolicy(for: spec.id)
        var refused: [String] = []
        for waiver in candidates {
            let problems = try judge.problems(
                waiver, policy: policy, gateFile: gateFile, on: day,
                revocation: book.revocation(of: waiver))
            if problems.isEmpty {
                record.status = .waived
                record.waiver = waiver.reference
                record.message +=
                    " — waived by \(waiver.commit.abbreviated) until \(waiver.expiresText) (owner \(waiver.owner)): "
                    + "\(waiver.reason); its auto: item stays unticked"
                return record
            }
            refused.append(
                "waiver \(waiver.commit.abbreviated) does not count (\(problems.map(\.description).joined(separator: "; ")))"
            )
        }
        if !refused.isEmpty { record.message += " — " + refused.joined(separator: "; ") }
        return record
    }
}
