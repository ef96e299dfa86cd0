/// The six gate files `podserve-gate init` writes: validators plus the seed's checklist and success criteria,
/// each item a validator proves tagged `` `auto:<id>` ``, the rest a person's sign-off.
package enum DefaultGates {
    /// The default gate file of `phase`; `ready` has no gate, so its text is empty.
    package static func yaml(for phase: Phase) -> String {
        switch phase {
        case .planning: return schemaLine + planning
        case .isolation: return schemaLine + isolation
        case .performance: return schemaLine + performance
        case .integrationPlanning: return schemaLine + integrationPlanning
        case .combination: return schemaLine + combination
        case .production: return schemaLine + production
        case .ready: return ""
        }
    }

    /// Names the gate schema for editors (yaml-language-server), relative to `gates/<n>-<state>.yaml`: the file
    /// `podserve-gate schema gate --out .podserve-gate/gate.schema.json` writes.
    static let schemaLine = "# yaml-language-server: $schema=../.podserve-gate/gate.schema.json\n"

    /// Every default gate file, keyed by its workspace path (`gates/2-isolation.yaml`).
    package static var files: [String: String] {
        Dictionary(uniqueKeysWithValues: Phase.gated.map { ("gates/\($0.fileStem).yaml", yaml(for: $0)) })
    }

    /// The parsed default gate of `phase` (nil for `ready`); the defaults always parse, which tests prove.
    package static func definition(for phase: Phase) -> GateDefinition? {
        guard phase.isGated else { return nil }
        return try? GateDefinition.parse(yaml(for: phase), file: "gates/\(phase.fileStem).yaml")
    }

    /// The lines every checklist starts with, explaining who ticks what.
    static func intro(_ phase: Phase, goal: String) -> String {
        """
          # SERVICE — \(phase.title)

          Goal: \(goal)

          Items ending in an `auto:` tag are ticked by the gate from its validators' results.
          Tick every other item yourself once it is true: the commit that ticks it is your sign-off.
        """
    }
}
