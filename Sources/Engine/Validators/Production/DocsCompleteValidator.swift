import Foundation

/// docs-complete: `services/<svc>/README.md` exists with non-empty Purpose, Configuration, Health checks,
/// Troubleshooting and Performance sections; the missing or empty ones are named.
struct DocsCompleteValidator: Validator {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        let path = "\(Workspace.serviceDir(context.service))/README.md"
        let titles = ReadmeSections.required.map(\.title).joined(separator: ", ")
        guard let text = try context.workspace.readText(path) else {
            return .fail("\(path) does not exist; write it with these sections: \(titles)")
        }
        let problems = ReadmeSections.problems(in: text)
        guard problems.isEmpty else {
            return .fail(
                "\(path) is incomplete: \(problems.joined(separator: ", ")); each needs a heading and text under it",
                metrics: ["problems": .number(Double(problems.count))])
        }
        return .pass(
            "\(path) documents \(titles)", metrics: ["sections": .number(Double(ReadmeSections.required.count))])
    }
}
