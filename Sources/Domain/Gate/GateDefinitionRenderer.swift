import Yams

extension GateDefinition {
    /// The gate as YAML that `parse` reads back to an equal definition (comments are not kept).
    package func render() throws -> String {
        var pairs: [(Node, Node)] = [
            (Node("phase"), Node(phase.rawValue)),
            (Node("title"), Self.text(title)),
        ]
        if !validators.isEmpty {
            pairs.append((Node("validators"), Node(validators.map(Self.node(for:)))))
        }
        if let approvals {
            pairs.append(
                (
                    Node("approvals"),
                    Node([
                        (Node("role"), Self.text(approvals.role)),
                        (Node("required"), Node(String(approvals.required))),
                        (Node("approvers"), Node(approvals.approvers.map(Self.text), .implicit, .flow)),
                    ])
                ))
        }
        pairs.append((Node("checklist"), Node(checklist, .implicit, .literal)))
        return try Yams.serialize(node: Node(pairs), width: -1, allowUnicode: true)
    }

    static func node(for spec: ValidatorSpec) -> Node {
        var pairs: [(Node, Node)] = [(Node("id"), Node(spec.id)), (Node("kind"), Node(spec.kind.rawValue))]
        if let command = spec.command {
            pairs.append((Node("command"), Node(command.map(text), .implicit, .flow)))
        }
        pairs.append((Node("timeout"), Node(spec.timeout.formatted)))
        pairs.append((Node("retries"), Node(String(spec.retries))))
        if !spec.options.isEmpty {
            let options = spec.options.keys.sorted().map { key -> (Node, Node) in
                switch spec.options[key] ?? .string("") {
                case .string(let value): return (Node(key), text(value))
                case .number, .bool: return (Node(key), Node(spec.options[key]?.description ?? ""))
                case .list(let items): return (Node(key), Node(items.map(text), .implicit, .flow))
                }
            }
            pairs.append((Node("with"), Node(options, .implicit, .flow)))
        }
        if let waiver = spec.waiver {
            if waiver.allowed {
                var settings: [(Node, Node)] = [(Node("max_days"), Node(String(waiver.maxDays)))]
                if let approvals = waiver.approvals {
                    settings.append(
                        (
                            Node("approvals"),
                            Node(
                                [
                                    (Node("role"), text(approvals.role)),
                                    (Node("required"), Node(String(approvals.required))),
                                    (Node("approvers"), Node(approvals.approvers.map(text), .implicit, .flow)),
                                ], .implicit, .flow)
                        ))
                }
                pairs.append((Node("waiver"), Node(settings, .implicit, .flow)))
            } else {
                pairs.append((Node("waivable"), Node("false")))
            }
        }
        if let effective = spec.effective { pairs.append((Node("effective"), Node(effective.description))) }
        return Node(pairs)
    }

    /// A string scalar that reads back as text (quoted when it would look like a number, flag or null).
    static func text(_ value: String) -> Node {
        YAMLText.scalar(value) == value ? Node(value) : Node(value, .implicit, .doubleQuoted)
    }
}
