import Domain
import Foundation

/// integration-plan-complete: service.yaml `integration:` says how the service communicates, what it shares,
/// which failures were planned and which tests prove it; every test exists and is executable.
struct IntegrationPlanCompleteValidator: Validator {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        let path = Workspace.planPath(context.service)
        let graph = IntegrationGraph(plans: context.plans, service: context.service, plan: context.plan)
        let solitary = graph.dependencies(of: context.service).isEmpty && graph.dependents(of: context.service).isEmpty
        let problems = Self.problems(context.plan.integration, solitary: solitary, root: context.workspace.root)
        guard problems.isEmpty else {
            return .fail(
                "\(problems.count) integration planning gap(s) in \(path): "
                    + problems.map(\.keyPath).joined(separator: ", "),
                metrics: ["problems": .number(Double(problems.count))],
                output: problems.map { "\(path): \($0.keyPath): \($0.message)" }.joined(separator: "\n"))
        }
        let tests = context.plan.integration.tests ?? []
        return .pass(
            "integration plan complete: \(context.plan.integration.communication?.count ?? 0) communication path(s), "
                + "\(context.plan.integration.failure?.count ?? 0) failure scenario(s), \(tests.count) executable test(s)",
            metrics: ["tests": .number(Double(tests.count))])
    }

    /// One gap of the integration plan: where and what to write.
    struct Problem: Equatable {
        let keyPath: String
        let message: String
    }

    /// What is missing; a service with no dependency and no dependent may leave communication and tests empty.
    static func problems(_ plan: ServicePlan.Integration, solitary: Bool, root: String) -> [Problem] {
        var problems: [Problem] = []
        func require(_ value: [String]?, _ key: String, allowEmpty: Bool, example: String) {
            guard let value else {
                problems.append(Problem(keyPath: "integration.\(key)", message: "missing; add e.g. \(example)"))
                return
            }
            if value.isEmpty && !allowEmpty {
                problems.append(
                    Problem(keyPath: "integration.\(key)", message: "is empty; list at least one, e.g. \(example)"))
            }
            for (i, entry) in value.enumerated() where entry.trimmingCharacters(in: .whitespaces).isEmpty {
                problems.append(Problem(keyPath: "integration.\(key)[\(i)]", message: "is blank"))
            }
        }
        require(
            plan.communication, "communication", allowEmpty: solitary, example: "[\"resolves MX records through dns\"]")
        require(plan.shared, "shared", allowEmpty: true, example: "[] when nothing is shared")
        require(plan.failure, "failure", allowEmpty: false, example: "[\"dns restarted: mail retries and recovers\"]")
        require(plan.tests, "tests", allowEmpty: solitary, example: "[tests/integration/test-mail-dns.sh]")
        for (i, test) in (plan.tests ?? []).enumerated() where !test.trimmingCharacters(in: .whitespaces).isEmpty {
            if let why = testProblem(test, root: root) {
                problems.append(Problem(keyPath: "integration.tests[\(i)]", message: "\(test) \(why)"))
            }
        }
        return problems
    }

    /// Why a test path cannot be run, or nil: it must be relative, inside the workspace, a file and executable.
    static func testProblem(_ test: String, root: String) -> String? {
        if test.hasPrefix("/") { return "is absolute; write it relative to the repository root" }
        if test.split(separator: "/").contains("..") {
            return "leaves the repository; write it relative to the repository root"
        }
        if (try? WorkspacePaths.inside(test, root: root, field: "integration.tests")) == nil {
            return "leads out of the repository through a symbolic link; keep the script itself inside the repository"
        }
        let full = root + "/" + test
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
            return "does not exist (relative to the repository root)"
        }
        if isDirectory.boolValue { return "is a directory, not a test script" }
        guard access(full, X_OK) == 0 else { return "is not executable; run `chmod +x \(test)`" }
        return nil
    }
}
