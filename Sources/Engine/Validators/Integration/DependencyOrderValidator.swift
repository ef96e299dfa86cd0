import Domain
import Foundation

/// dependency-order: the service's dependencies form no cycle and exist, and give a start order
/// (dependencies first) that phase 5 starts its pods in.
struct DependencyOrderValidator: Validator {
    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        let graph = IntegrationGraph(plans: context.plans, service: context.service, plan: context.plan)
        let closure = graph.closure(of: [context.service])
        let missing = closure.flatMap { service in graph.graph.missing(for: service).map { "\(service) -> \($0)" } }
            .sorted()
        guard missing.isEmpty else {
            return .fail(
                "depends_on names service(s) that do not exist: \(missing.joined(separator: ", ")); create them or fix services/<name>/service.yaml",
                metrics: ["missing": .number(Double(missing.count))])
        }
        let order: [ServiceName]
        do {
            order = try graph.startOrder(for: context.service)
        } catch let DependencyError.cycle(path) {
            return .fail(
                "dependency cycle: \(path.joined(separator: " -> ")); remove one of these depends_on entries",
                metrics: ["cycle": .text(path.joined(separator: " -> "))])
        }
        let text = order.joined(separator: " -> ")
        let dependents = graph.dependents(of: context.service)
        var message = "start order: \(text)"
        if !dependents.isEmpty { message += "; depended on by \(dependents.joined(separator: ", "))" }
        return .pass(
            message,
            metrics: [
                "start_order": .text(text),
                "dependencies": .number(Double(order.count - 1)),
                "dependents": .number(Double(dependents.count)),
            ])
    }
}
