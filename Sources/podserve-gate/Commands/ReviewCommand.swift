import ArgumentParser
import Domain
import Engine
import Foundation
import Support

/// `review <base>[..<head>]`: what a branch changes, as a pull-request comment (Markdown) or json.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract:
            "What a branch changes: per service old -> new phase, signers, evidence, baseline delta, ticks, verify.",
        discussion: """
            Old phases are read at the range's fork point (its one parent outside the range), else at <base>. \
            Exit 1 when verify finds anything in the range's commits, after printing the review.
            """)

    enum Format: String, ExpressibleByArgument { case markdown, json }

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "<base> or <base>..<head> (head defaults to HEAD).")
    var range: String
    @Option(help: "markdown or json.")
    var format: Format = .markdown
    @Flag(name: .customLong("require-signatures"), help: "Verify the range's transitions are validly signed.")
    var requireSignatures = false
    @Option(
        name: .customLong("allowed-signers"), help: "SSH allowed-signers file (default: gpg.ssh.allowedSignersFile).")
    var allowedSigners: String?

    func run() throws {
        try runReporting {
            let workspace = try Workspace.open(at: globals.workingDirectory)
            let checker =
                requireSignatures
                ? try SignatureChecker(
                    repo: workspace.repo, runner: SystemProcessRunner(), allowedSigners: allowedSigners)
                : nil
            let report = try Review(repo: workspace.repo, requireSignaturesWith: checker).report(range: range)
            switch format {
            case .json: printOut(try jsonText(report))
            case .markdown: printOut(ReviewMarkdown.render(report, range: range))
            }
            return report.audit.clean ? 0 : ExitCodes.gateFailed
        }
    }
}

/// The review as a pull-request comment.
enum ReviewMarkdown {
    static func render(_ report: ReviewReport, range: String) -> String {
        var out = ["## podserve-gate review `\(range)`", ""]
        let verdict =
            report.audit.clean
            ? "✅ verify: clean"
            : "❌ verify: \(report.audit.findings.count) finding(s)"
        out.append(
            "\(report.commits) commit(s) from `\(report.base.prefix(12))` to `\(report.head.prefix(12))`, "
                + "\(report.services.count) service(s) changed. \(verdict)")
        if !report.gateChanges.isEmpty {
            out += ["", "### ⚠️ Gate files changed", ""]
            for change in report.gateChanges {
                out.append("- `\(change.path)`: " + change.notes.joined(separator: "; "))
            }
        }
        if report.services.isEmpty { out += ["", "No service changes."] }
        for service in report.services { out += [""] + section(service) }
        out += ["", "### Verify", ""]
        if report.audit.clean {
            out.append("All \(report.audit.transitions) transition(s) in the range are legal and evidenced.")
        } else {
            out.append(
                Table(
                    headers: ["commit", "service", "rule", "finding"], rows: VerifyCommand.rows(report.audit.findings)
                )
                .markdown())
        }
        return out.joined(separator: "\n")
    }

    static func section(_ s: ServiceReview) -> [String] {
        var out = ["### \(s.service): \(s.oldPhase ?? "(new)") → \(s.newPhase ?? "(removed)")"]
        if !s.transitions.isEmpty {
            out += [
                "",
                Table(
                    headers: ["commit", "transition", "signer", "signature", "time"],
                    rows: s.transitions.map { t in
                        [
                            "`\(t.commit.prefix(12))`",
                            "\(t.from) → \(t.to)" + (t.reason.map { " (reason: \($0))" } ?? ""),
                            t.signer, t.signature.rawValue, formatTime(t.time),
                        ]
                    }
                ).markdown(),
            ]
        }
        for evidence in s.evidence {
            out += [
                "",
                "**Evidence** `\(evidence.path)`: \(evidence.passed) pass, \(evidence.failed) fail, \(evidence.skipped) skip",
            ]
            out += evidence.validators.map { "- \(icon($0.status)) `\($0.id)` \($0.status): \($0.message)" }
        }
        if !s.baseline.isEmpty {
            out += [
                "", "**Performance baseline** (old → new)", "",
                Table(
                    headers: ["validator", "metric", "old", "new", "change"],
                    rows: s.baseline.map { d in
                        [
                            d.validator, d.metric, number(d.old), number(d.new),
                            d.changePercent.map { String(format: "%+.1f%%", $0) } ?? "-",
                        ]
                    }
                ).markdown(),
            ]
        }
        if !s.waivers.isEmpty {
            out += ["", "**Waivers**"]
            out += s.waivers.compactMap { entry in
                guard let w = entry.waiver else { return nil }
                let what: String
                switch w.event {
                case .known(.waive):
                    what =
                        "⚠️ `\(w.validator)` until \(w.expires ?? "?") (\(w.phase)), owner \(w.owner ?? "?"): \(w.reason ?? "")"
                case .known(.unwaive):
                    what =
                        "`\(w.validator)` waiver ended early (\((w.revoked ?? []).map { "`\($0.prefix(12))`" }.joined(separator: ", ")))"
                default: what = "`\(w.validator)` waiver approved as \(w.role ?? "?")"
                }
                return "- \(what) — `\(entry.commit.prefix(12))` by \(entry.signer), \(entry.signature.rawValue)"
            }
        }
        if !s.ticked.isEmpty {
            out += ["", "**Newly ticked**"]
            out += s.ticked.map { item in
                let who = item.commit.map { "`\($0.prefix(12))` by \(item.by ?? "?")" } ?? "before the range"
                return "- [x] \(item.text)\(item.automated ? " _(auto)_" : "") — \(who)"
            }
        }
        return out
    }

    static func icon(_ status: Recorded<ValidatorStatus>) -> String {
        switch status {
        case .known(.pass): return "✅"
        case .known(.fail): return "❌"
        case .known(.waived), .known(.warn): return "⚠️"
        case .known(.skip): return "➖"
        case .unrecognized: return "❓"
        }
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.3f", value)
    }
}
