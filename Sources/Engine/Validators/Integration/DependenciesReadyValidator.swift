import Domain
import Foundation

/// dependencies-ready: every service this one depends on (directly or through another) is already past
/// `performance` — in integration-planning or later — so it is combined only with proven services.
struct DependenciesReadyValidator: Validator {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        let graph = IntegrationGraph(plans: context.plans, service: context.service, plan: context.plan)
        var needed = graph.closure(of: [context.service])
        needed.remove(context.service)
        guard !needed.isEmpty else {
            return .pass(
                "no dependencies: nothing has to be past performance first", metrics: ["dependencies": .number(0)])
        }
        let order = (try? graph.startOrder(of: needed)) ?? needed.sorted()
        var notReady: [String] = []
        for dependency in order {
            guard let phase = context.phases[dependency] else {
                notReady.append("\(dependency) (no services/\(dependency)/state.yaml: unknown service)")
                continue
            }
            if phase < .integrationPlanning {
                notReady.append("\(dependency) (in \(phase.rawValue), \(phase.number)/6)")
            }
        }
        guard notReady.isEmpty else {
            return .fail(
                "dependencies not yet past performance: \(notReady.joined(separator: ", ")); advance them to integration-planning or later first",
                metrics: ["not_ready": .number(Double(notReady.count)), "dependencies": .number(Double(order.count))])
        }
        let states = order.map { "\($0) (\(context.phases[$0]?.rawValue ?? "?"))" }
        return .pass(
            "dependencies past performance: \(states.joined(separator: ", "))",
            metrics: ["dependencies": .number(Double(order.count))])
    }
}
