import Foundation

extension ServicePlan {
    /// Every top-level key SPEC §3 defines, plus the optional `security`, `load` and `clean_logs` sections.
    package static let knownKeys = [
        "name", "scope", "image", "build", "command", "ports", "data", "config", "health", "targets",
        "testing", "depends_on", "integration", "security", "load", "clean_logs",
    ]

    /// Parses a plan; shape and unit errors name `file:line:column` and the key path, missing values are left nil.
    package static func parse(_ text: String, file: String) throws -> ServicePlan {
        do {
            return try PlanReader(file: file).read(try YAMLField.document(text))
        } catch let issue as YAMLIssue {
            throw PlanError(issue, file: file)
        }
    }
}

/// Walks a plan's node tree, recording where each key is.
private final class PlanReader {
    var plan = ServicePlan()
    let file: String

    init(file: String) { self.file = file }

    let argv = "an argument array such as [/usr/local/bin/health-check.sh, live]"
    let list = "a list such as [a, b]"

    func read(_ root: YAMLField) throws -> ServicePlan {
        guard let map = try section(root, known: ServicePlan.knownKeys) else { return plan }
        plan.name = try text(map["name"])
        plan.scope = try text(map["scope"])
        plan.image = try text(map["image"])
        plan.build = try text(map["build"])
        plan.command = try strings(map["command"], argv)
        plan.ports = try ports(map["ports"])
        plan.data = try strings(map["data"], "a list of persisted paths such as [/var/spool/postfix]")
        if let config = try section(map["config"], known: ["env", "render"]) {
            plan.config = ServicePlan.Config(
                env: try note(config["env"]).stringMap(
                    "a mapping of variable names to values such as {DOMAIN: podserve.local}"),
                render: try strings(config["render"], argv))
        }
        if let health = try section(map["health"], known: ["liveness", "readiness"]) {
            plan.health = ServicePlan.Health(
                liveness: try check(health["liveness"]), readiness: try check(health["readiness"]))
        }
        if let targets = try section(map["targets"], known: ["startup", "memory", "response", "throughput", "soak"]) {
            plan.targets = ServicePlan.Targets(
                startup: try note(targets["startup"]).quantity(DurationValue.init(parsing:), kind: .duration),
                memory: try note(targets["memory"]).quantity(ByteSize.init(parsing:), kind: .byteSize),
                response: try note(targets["response"]).quantity(DurationValue.init(parsing:), kind: .duration),
                throughput: try note(targets["throughput"]).quantity(Throughput.init(parsing:), kind: .throughput),
                soak: try note(targets["soak"]).quantity(DurationValue.init(parsing:), kind: .duration))
        }
        if let testing = try section(map["testing"], known: ["unit", "integration", "performance", "failure"]) {
            plan.testing = ServicePlan.Testing(
                unit: try text(testing["unit"]), integration: try text(testing["integration"]),
                performance: try text(testing["performance"]),
                failure: try strings(testing["failure"], "a list of failure modes such as [\"forwarder unavailable\"]"))
        }
        plan.dependsOn = try dependencies(map["depends_on"])
        if let integration = try section(map["integration"], known: ["communication", "shared", "failure", "tests"]) {
            plan.integration = ServicePlan.Integration(
                communication: try strings(integration["communication"], list),
                shared: try strings(integration["shared"], list),
                failure: try strings(integration["failure"], list),
                tests: try strings(
                    integration["tests"], "a list of test scripts such as [tests/integration/test-mail-dns.sh]"))
        }
        plan.security = try security(map["security"])
        if let load = try section(map["load"], known: ["command"]) {
            plan.load = ServicePlan.Load(command: try strings(load["command"], argv) ?? [])
        }
        if let logs = try section(map["clean_logs"], known: ["patterns"]) {
            plan.cleanLogs = ServicePlan.CleanLogs(
                patterns: try strings(logs["patterns"], "a list of patterns such as [ERROR, FATAL]") ?? [])
        }
        return plan
    }

    /// Records where a present key sits.
    @discardableResult
    func note(_ field: YAMLField) -> YAMLField {
        if field.node != nil, !field.keyPath.isEmpty {
            plan.locations[field.keyPath] = SourceLocation(file: file, line: field.line, column: field.column)
        }
        return field
    }

    /// A mapping section; a key outside `known` is refused at its position with a "did you mean" (issue 9:
    /// a typo such as `dependson:` must never pass silently as "no dependencies").
    func section(_ field: YAMLField, known: [String]) throws -> YAMLMap? {
        try note(field).mapping(known: known)
    }

    func text(_ field: YAMLField) throws -> String? { try note(field).string() }

    func strings(_ field: YAMLField, _ expected: String) throws -> [String]? { try note(field).strings(expected) }

    func check(_ field: YAMLField) throws -> ServicePlan.HealthCheck? {
        guard let map = try section(field, known: ["command", "timeout"]) else { return nil }
        return ServicePlan.HealthCheck(
            command: try strings(map["command"], argv),
            timeout: try note(map["timeout"]).quantity(DurationValue.init(parsing:), kind: .duration))
    }

    /// Ports as `N`, `N/tcp`, `N/udp` or `N/sctp` with N in 1…65535.
    func ports(_ field: YAMLField) throws -> [String]? {
        let expected = "a list of ports such as [25/tcp, 53/udp]"
        guard let elements = try note(field).sequence(expected) else { return nil }
        return try elements.map { element in
            guard let port = try element.string(expected), Self.isPort(port) else {
                throw element.invalid("a port such as 25/tcp or 53/udp (number 1-65535, protocol tcp, udp or sctp)")
            }
            return port
        }
    }

    static func isPort(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let number = Int(parts[0]), parts[0].allSatisfy(\.isASCII),
            (1...65535).contains(number)
        else { return false }
        return parts.count == 1 || ["tcp", "udp", "sctp"].contains(parts[1])
    }

    /// Dependency names are validated here, because they become paths and container names.
    func dependencies(_ field: YAMLField) throws -> [ServiceName] {
        let expected = "a list of service names such as [dns]"
        guard let elements = try note(field).sequence(expected) else { return [] }
        return try elements.map { element in
            guard let text = try element.string(expected), let name = ServiceName(rawValue: text) else {
                throw element.invalid("a service name matching \(ServiceName.pattern), e.g. dns")
            }
            return name
        }
    }

    func security(_ field: YAMLField) throws -> ServicePlan.Security? {
        guard let map = try section(field, known: ["root_reason", "capabilities"]) else { return nil }
        let expected = "a list of {name: CAP_NET_BIND_SERVICE, reason: \"…\"} entries"
        let capabilities = try note(map["capabilities"]).sequence(expected)?.map { element -> ServicePlan.Capability in
            guard let entry = try section(element, known: ["name", "reason"]), let name = try text(entry["name"]) else {
                throw element.invalid(expected)
            }
            return ServicePlan.Capability(name: name, reason: try text(entry["reason"]))
        }
        return ServicePlan.Security(rootReason: try text(map["root_reason"]), capabilities: capabilities ?? [])
    }
}
