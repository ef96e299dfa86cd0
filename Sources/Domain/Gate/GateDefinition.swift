/// `gates/<n>-<state>.yaml`: what one phase's gate runs and the checklist template its services copy.
package struct GateDefinition: Equatable, Sendable {
    package var phase: Phase
    package var title: String
    /// The Markdown checklist template; `SERVICE` stands for the service name.
    package var checklist: String
    /// Validators in the order they run.
    package var validators: [ValidatorSpec]
    package var approvals: Approvals?
    /// Where the template's first line is written in the gate file (a literal `checklist: |` block), so
    /// a checklist that lacks a template item can name the gate file's line; nil when not known.
    package var checklistLocation: SourceLocation?

    package init(
        phase: Phase, title: String, checklist: String, validators: [ValidatorSpec], approvals: Approvals? = nil,
        checklistLocation: SourceLocation? = nil
    ) {
        self.phase = phase
        self.title = title
        self.checklist = checklist
        self.validators = validators
        self.approvals = approvals
        self.checklistLocation = checklistLocation
    }

    /// The validator with `id`, if the gate has one.
    package func validator(id: String) -> ValidatorSpec? { validators.first { $0.id == id } }

    /// Ids of validators that no checklist item is tagged with (their result would not show on the checklist).
    package var validatorsWithoutAutoItem: [String] {
        let tagged = Set(Checklist(text: checklist).items.compactMap(\.autoValidator))
        return validators.map(\.id).filter { !tagged.contains($0) }
    }
}

/// `approvals:`: sign-offs the gate asks for beyond the checklist (who may give them, and how many).
package struct Approvals: Equatable, Sendable {
    package var role: String
    package var required: Int
    package var approvers: [String]

    package init(role: String, required: Int, approvers: [String]) {
        self.role = role
        self.required = required
        self.approvers = approvers
    }
}
