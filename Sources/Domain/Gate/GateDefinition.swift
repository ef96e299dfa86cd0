/// `gates/<n>-<state>.yaml`: what one phase's gate runs and the checklist template its services copy.
public struct GateDefinition: Equatable, Sendable {
    public var phase: Phase
    public var title: String
    /// The Markdown checklist template; `SERVICE` stands for the service name.
    public var checklist: String
    /// Validators in the order they run.
    public var validators: [ValidatorSpec]
    public var approvals: Approvals?
    /// Where the template's first line is written in the gate file (a literal `checklist: |` block), so
    /// a checklist that lacks a template item can name the gate file's line; nil when not known.
    public var checklistLocation: SourceLocation?

    public init(phase: Phase, title: String, checklist: String, validators: [ValidatorSpec], approvals: Approvals? = nil,
                checklistLocation: SourceLocation? = nil) {
        self.phase = phase
        self.title = title
        self.checklist = checklist
        self.validators = validators
        self.approvals = approvals
        self.checklistLocation = checklistLocation
    }

    /// The validator with `id`, if the gate has one.
    public func validator(id: String) -> ValidatorSpec? { validators.first { $0.id == id } }

    /// Ids of validators that no checklist item is tagged with (their result would not show on the checklist).
    public var validatorsWithoutAutoItem: [String] {
        let tagged = Set(Checklist(text: checklist).items.compactMap(\.autoValidator))
        return validators.map(\.id).filter { !tagged.contains($0) }
    }
}

/// `approvals:`: sign-offs the gate asks for beyond the checklist (who may give them, and how many).
public struct Approvals: Equatable, Sendable {
    public var role: String
    public var required: Int
    public var approvers: [String]

    public init(role: String, required: Int, approvers: [String]) {
        self.role = role
        self.required = required
        self.approvers = approvers
    }
}
