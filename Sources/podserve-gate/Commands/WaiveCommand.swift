import ArgumentParser
import Domain
import Engine
import Foundation
import Support

/// `waive <svc> <validator-id> --reason … --expires YYYY-MM-DD [--owner EMAIL]`: a time-boxed exception as a commit.
struct WaiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waive",
        abstract: "Waive one validator of a service until a date, as a signed, reasoned, owned commit.",
        discussion: """
            The waived validator still runs; when it fails, the gate may pass and the evidence records `waived` with \
            the waiver commit. Refused (exit 2) when the gate file forbids waiving it, the expiry is past, backdated or \
            beyond the gate's max_days, or the approvals the gate asks for (`approve <svc> --waiver <id>`) are missing.
            """)

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "Service whose validator is waived.")
    var service: String
    @Argument(help: "The validator id (as in the gate file).")
    var validator: String
    @Option(help: "Why, in one line of plain text.")
    var reason: String
    @Option(help: "Last day (UTC, inclusive) the waiver counts: YYYY-MM-DD.")
    var expires: String
    @Option(help: "Who owns closing the gap (default: your git user.email).")
    var owner: String?
    @Option(help: "The gate holding the validator (default: the current phase's, else the only gate that has it).")
    var phase: String?
    @OptionGroup var signing: SignOptions

    func run() throws {
        try runReporting {
            let workspace = try Workspace.open(at: globals.workingDirectory)
            let desk = WaiverDesk(workspace: workspace, signMode: signing.mode, runner: SystemProcessRunner())
            let outcome = try desk.waive(
                service: try ServiceName(service), validator: validator, reason: reason, expires: expires,
                owner: owner, phase: try phase.map { try Phase.parse($0) })
            printOut(outcome.summary)
            return 0
        }
    }
}

/// `unwaive <svc> <validator-id>`: ends a waiver early.
struct UnwaiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unwaive", abstract: "End the waivers of one validator of a service early, as a commit.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "Service whose waiver ends.")
    var service: String
    @Argument(help: "The validator id.")
    var validator: String
    @Option(help: "The gate holding the validator (default: the current phase's, else the only gate that has it).")
    var phase: String?
    @OptionGroup var signing: SignOptions

    func run() throws {
        try runReporting {
            let workspace = try Workspace.open(at: globals.workingDirectory)
            let desk = WaiverDesk(workspace: workspace, signMode: signing.mode, runner: SystemProcessRunner())
            printOut(
                try desk.unwaive(
                    service: try ServiceName(service), validator: validator,
                    phase: try phase.map { try Phase.parse($0) }
                ).summary)
            return 0
        }
    }
}

/// `--as-of YYYY-MM-DD` of `status` and `check`: the day waivers and dated criteria are judged on.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: "Judge waivers and dated criteria on this day (UTC, YYYY-MM-DD) instead of today.")
    var asOf: String?

    /// The day, or `InvalidDay` (bad input, exit 2).
    func day() throws -> CalendarDay? {
        guard let asOf else { return nil }
        guard let day = CalendarDay(parsing: asOf) else { throw InvalidDay(text: asOf) }
        return day
    }
}

/// `--as-of` is not a date.
struct InvalidDay: Error, LocalizedError, CategorizedError {
    let text: String
    var category: ErrorCategory { .badInput }
    var errorDescription: String? { "invalid --as-of '\(text)': give a date YYYY-MM-DD (UTC), e.g. --as-of 2027-01-31" }
}
