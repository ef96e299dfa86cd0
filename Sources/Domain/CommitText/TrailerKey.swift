/// The commit trailer keys podserve-gate writes and reads (SPEC §4), in one place so the code that writes a
/// transition, approval or waiver and the audits that read it back cannot drift apart. Git compares keys
/// case-insensitively; the spellings here are the ones written.
package enum TrailerKey: String, CaseIterable, Sendable {
    case service = "Gate-Service"
    case from = "Gate-From"
    case to = "Gate-To"
    case evidence = "Gate-Evidence"
    case reason = "Gate-Reason"
    /// The phase an approval is for.
    case phase = "Gate-Phase"
    /// The role an approval is given in.
    case approval = "Gate-Approval"
    case waiverService = "Gate-Waiver-Service"
    case waiverPhase = "Gate-Waiver-Phase"
    case waiverValidator = "Gate-Waiver-Validator"
    case waiverExpires = "Gate-Waiver-Expires"
    case waiverOwner = "Gate-Waiver-Owner"
    case waiverReason = "Gate-Waiver-Reason"
    case waiverApproval = "Gate-Waiver-Approval"
    case waiverRevoked = "Gate-Waiver-Revoked"
    /// git's own sign-off trailer, which every podserve-gate commit carries.
    case signedOffBy = "Signed-off-by"

    /// The prefix every podserve-gate trailer shares: commits without it are skipped cheaply by history scans.
    package static let gatePrefix = "Gate-"
    /// The prefix of the waiver trailers.
    package static let waiverPrefix = "Gate-Waiver-"

    /// `Key: value`, one trailer line as written in a message.
    package func line(_ value: String) -> String { "\(rawValue): \(value)" }

    /// `Key:`, the form a cheap substring pre-filter looks for before parsing trailers.
    package var marker: String { rawValue + ":" }
}
