import Foundation

extension GateDefinition {
    static let topKeys = ["phase", "title", "checklist", "validators", "approvals"]
    static let validatorKeys = [
        "id", "kind", "command", "timeout", "retries", "with", "waivable", "waiver", "effective",
    ]
    static let waiverKeys = ["max_days", "approvals"]

    /// Parses a gate file; every error names `file:line:column` and the key path. A file named like a gate
    /// (`<n>-<state>.yaml`) must declare that phase.
    package static func parse(_ text: String, file: String) throws -> GateDefinition {
        do {
            return try GateReader(file: file, text: text).read(try YAMLField.document(text))
        } catch let issue as YAMLIssue {
            throw GateDefinitionError(issue, file: file)
        }
    }
}

/// Walks a gate file's node tree.
private struct GateReader {
    let file: String
    let text: String

    func missing(_ field: YAMLField, _ fix: String) -> GateDefinitionError {
        .missingKey(file: file, line: field.line, column: field.column, keyPath: field.keyPath, fix: fix)
    }

    func read(_ root: YAMLField) throws -> GateDefinition {
        guard let map = try root.mapping(known: GateDefinition.topKeys) else {
            throw missing(
                root.childPathField("phase"),
                "write `phase: <state>` and the gate's validators (or run `podserve-gate init`)")
        }
        let phase = try readPhase(map["phase"])
        let validators = try readValidators(map["validators"])
        let checklistField = map["checklist"]
        let checklist = try checklistField.string("a Markdown checklist (a block such as `checklist: |`)") ?? ""
        try checkAutoTags(checklist, field: checklistField, validators: validators)
        return GateDefinition(
            phase: phase, title: try map["title"].string() ?? phase.title, checklist: checklist,
            validators: validators, approvals: try readApprovals(map["approvals"]),
            checklistLocation: checklistLocation(checklistField))
    }

    func readPhase(_ field: YAMLField) throws -> Phase {
        let gated = Phase.gated.map(\.rawValue)
        guard let value = try field.string("a state name") else {
            throw missing(field, "write `phase: <state>` with one of \(gated.joined(separator: ", "))")
        }
        guard let phase = Phase(rawValue: value), phase.isGated else {
            throw GateDefinitionError.invalidValue(
                file: file, line: field.line, column: field.column, keyPath: "phase",
                value: value, expected: "a gated phase: \(gated.joined(separator: ", "))")
        }
        let base = (file as NSString).lastPathComponent
        let stem = (base as NSString).deletingPathExtension
        let isYAML = base.hasSuffix(".yaml") || base.hasSuffix(".yml")
        if isYAML, stem != phase.fileStem {
            throw GateDefinitionError.phaseMismatch(
                file: file, line: field.line, column: field.column, declared: value,
                expectedFile: "gates/\(phase.fileStem).yaml")
        }
        return phase
    }

    func readValidators(_ field: YAMLField) throws -> [ValidatorSpec] {
        var specs: [ValidatorSpec] = []
        for element in try field.sequence("a list of validators, each `- id: <id>`") ?? [] {
            let spec = try readValidator(element)
            if specs.contains(where: { $0.id == spec.id }) {
                throw GateDefinitionError.duplicateValidator(
                    file: file, line: element.line, column: element.column, id: spec.id)
            }
            specs.append(spec)
        }
        return specs
    }

    func readValidator(_ element: YAMLField) throws -> ValidatorSpec {
        guard let map = try element.mapping(known: GateDefinition.validatorKeys) else {
            throw element.invalid("a validator mapping such as {id: sigterm, kind: sigterm}")
        }
        let idField = map["id"]
        guard let id = try idField.string("a validator id") else {
            throw missing(idField, "give the validator an id (lowercase letters, digits and '-'), e.g. id: sigterm")
        }
        guard AutoTag.isValidID(Substring(id)) else {
            throw idField.invalid("an id of lowercase letters, digits, '-', '_' or '.', e.g. lint-config")
        }
        let kind = try readKind(map["kind"], id: id)
        let commandField = map["command"]
        let command = try commandField.strings("an argument array such as [gates/checks/lint.sh, --strict]")
        switch kind {
        case .command:
            if (command ?? []).isEmpty {
                throw missing(
                    commandField,
                    "a `kind: command` validator needs `command: [program, args…]` (scripts as gates/checks/<name>)")
            }
        case .planComplete, .dependenciesExist, .noDependencyCycle, .imagePresent, .startsConsistently, .healthChecks,
            .configRenders, .sigterm, .cleanLogs, .memoryInTarget, .portsListening, .startupTime, .memory,
            .responseTime, .throughput,
            .restartRecovery, .soak, .baselineReport, .dependencyOrder, .dependenciesReady, .integrationPlanComplete,
            .combinations, .docsComplete, .securityReview, .evidenceFresh:
            if command != nil {
                throw commandField.invalid(
                    "no `command:` (only `kind: command` validators run a command; use `with:` for options)")
            }
        }
        let timeout =
            try map["timeout"].quantity(DurationValue.init(parsing:), kind: .duration) ?? ValidatorSpec.defaultTimeout
        // Bounded so a gate run is bounded: at most 2 h per attempt (the performance soak is 1 h) and 10 retries.
        if timeout.milliseconds <= 0 || timeout.milliseconds > 2 * 3600 * 1000 {
            throw map["timeout"].invalid("a positive duration of at most 2h (timeout limit), such as 30s")
        }
        let retries = try map["retries"].int("a whole number of extra attempts, 0 to 10") ?? 0
        if retries < 0 || retries > 10 {
            throw map["retries"].invalid("a whole number of extra attempts, 0 to 10 (retries limit)")
        }
        return ValidatorSpec(
            id: id, kind: kind, command: command, timeout: timeout, retries: retries,
            options: try readOptions(map["with"]),
            location: SourceLocation(file: file, line: element.line, column: element.column),
            waiver: try readWaiver(waivable: map["waivable"], waiver: map["waiver"]),
            effective: try readDay(map["effective"]))
    }

    /// `waivable: true|false` and `waiver: {max_days, approvals}`; `waivable: false` beside `waiver:` contradicts itself.
    func readWaiver(waivable: YAMLField, waiver: YAMLField) throws -> WaiverPolicy? {
        var allowed: Bool?
        if let text = try waivable.string("true or false") {
            guard text == "true" || text == "false" else { throw waivable.invalid("true or false") }
            allowed = text == "true"
        }
        guard let map = try waiver.mapping(known: GateDefinition.waiverKeys) else {
            return allowed.map { WaiverPolicy(allowed: $0) }
        }
        if allowed == false {
            throw waivable.invalid("true (or remove `waiver:`): a validator with `waiver:` settings is waivable")
        }
        let maxDays = try map["max_days"].int("a whole number of days, 1 or more") ?? WaiverPolicy.defaultMaxDays
        if maxDays < 1 { throw map["max_days"].invalid("a whole number of days, 1 or more") }
        return WaiverPolicy(allowed: true, maxDays: maxDays, approvals: try readApprovals(map["approvals"]))
    }

    /// A calendar day written `YYYY-MM-DD` (UTC).
    func readDay(_ field: YAMLField) throws -> CalendarDay? {
        guard let text = try field.string("a date YYYY-MM-DD") else { return nil }
        guard let day = CalendarDay(parsing: text) else { throw field.invalid("a date YYYY-MM-DD such as 2027-01-31") }
        return day
    }

    /// `kind:` may be left out when the id is itself a built-in kind.
    func readKind(_ field: YAMLField, id: String) throws -> ValidatorKind {
        guard let value = try field.string("a validator kind") else {
            if let kind = ValidatorKind(rawValue: id) { return kind }
            throw missing(field, "give the kind, one of \(ValidatorKind.names.joined(separator: ", "))")
        }
        guard let kind = ValidatorKind(rawValue: value) else {
            throw GateDefinitionError.unknownKind(
                file: file, line: field.line, column: field.column, keyPath: field.keyPath,
                value: value, known: ValidatorKind.names)
        }
        return kind
    }

    /// `with:` values: plain numbers become numbers, `true`/`false` flags, anything else text.
    func readOptions(_ field: YAMLField) throws -> [String: OptionValue] {
        var options: [String: OptionValue] = [:]
        for (key, value) in try field.mapping()?.entries ?? [] {
            guard let text = try value.string("a single value (text, number or true/false)") else {
                throw value.invalid("a value (text, number or true/false)")
            }
            let plain: Bool
            if case .scalar(let scalar)? = value.node { plain = scalar.style == .plain } else { plain = false }
            if plain, let number = Double(text), number.isFinite {
                options[key] = .number(number)
            } else if plain, text == "true" || text == "false" {
                options[key] = .bool(text == "true")
            } else {
                options[key] = .string(text)
            }
        }
        return options
    }

    func readApprovals(_ field: YAMLField) throws -> Approvals? {
        guard let map = try field.mapping(known: ["role", "required", "approvers"]) else { return nil }
        guard let role = try map["role"].string() else {
            throw missing(map["role"], "name the role that approves, e.g. role: operations")
        }
        let required = try map["required"].int("a whole number of approvals, 1 or more") ?? 1
        let approvers = try map["approvers"].strings("a list of approvers such as [\"Ada <ada@example.org>\"]") ?? []
        if required < 1 || (!approvers.isEmpty && required > approvers.count) {
            throw map["required"].invalid("between 1 and the number of approvers (\(approvers.count))")
        }
        return Approvals(role: role, required: required, approvers: approvers)
    }

    /// A literal block's content starts on the line after `checklist: |`, one template line per file line.
    func checklistLocation(_ field: YAMLField) -> SourceLocation? {
        guard case .scalar(let scalar)? = field.node, scalar.style == .literal else { return nil }
        return SourceLocation(file: file, line: field.line + 1, column: 1)
    }

    /// Every `auto:` tag of the template must name a validator of this gate, reported at the tag's own line.
    func checkAutoTags(_ checklist: String, field: YAMLField, validators: [ValidatorSpec]) throws {
        let known = validators.map(\.id)
        guard let problem = Checklist(text: checklist).autoTagProblems(knownValidators: known, file: file).first else {
            return
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        switch problem {
        case .unknownValidator(_, let line, _, let id, _):
            var (fileLine, column) = (field.line, field.column)
            if case .scalar(let scalar)? = field.node, scalar.style == .literal || scalar.style == .folded {
                let candidate = field.line + line
                if candidate <= lines.count, let range = lines[candidate - 1].range(of: "`auto:\(id)`") {
                    fileLine = candidate
                    column =
                        lines[candidate - 1].distance(from: lines[candidate - 1].startIndex, to: range.lowerBound) + 1
                }
            }
            throw GateDefinitionError.unknownAutoValidator(
                file: file, line: fileLine, column: column, id: id, known: known)
        case .malformedAutoTag:
            return
        }
    }
}

extension YAMLField {
    /// An absent child field positioned at this node, for "key missing" errors.
    func childPathField(_ key: String) -> YAMLField {
        YAMLField(node: nil, keyPath: childPath(key), line: line, column: column)
    }
}

extension GateDefinition {
    /// The `checklist:` template of a gate file as history holds it, read leniently: the full gate when it
    /// parses, else just its `checklist:` key, so an audit of old commits still judges checklists when a
    /// later, stricter parser refuses another part of an old gate file. Nil when there is no template to read.
    package static func checklistTemplate(_ text: String, file: String) -> (
        template: String, location: SourceLocation?
    )? {
        if let gate = try? parse(text, file: file) { return (gate.checklist, gate.checklistLocation) }
        guard let root = try? YAMLField.document(text), let map = try? root.mapping(),
            let template = try? map["checklist"].string()
        else { return nil }
        let field = map["checklist"]
        guard case .scalar(let scalar)? = field.node, scalar.style == .literal else { return (template, nil) }
        return (template, SourceLocation(file: file, line: field.line + 1, column: 1))
    }
}
