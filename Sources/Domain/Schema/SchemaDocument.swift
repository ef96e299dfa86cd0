import Foundation

/// JSON Schemas (draft 2020-12) of `service.yaml` and the gate files, printed by `podserve-gate schema` so
/// editors can complete and check keys. They describe what the parsers accept — the same keys (an unknown key
/// is an error in both), the same unit spellings — and, like the parsers, allow `~` (null) for an answer not
/// given yet; whether a plan is *complete* is the planning gate's judgement, not the schema's.
package enum SchemaDocument {
    package static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// The schema of `services/<name>/service.yaml`.
    package static func service() -> [String: Any] {
        let argv = ref("argv"), list = ref("list"), text = ref("text")
        let properties: [String: Any] = [
            "name": described(text, "equals the folder name services/<name> (the planning gate checks it)"),
            "scope": described(text, "one sentence: what does this service do?"),
            "image": described(text, "the image the gates run"),
            "build": described(text, "build context, relative to the service folder, holding a Containerfile"),
            "command": described(argv, "overrides the image's command, as an argument array"),
            "ports": described(
                nullable(["type": "array", "items": ref("port")]), "ports it serves, e.g. [25/tcp, 53/udp]"),
            "data": described(list, "what it persists; [] for nothing"),
            "config": object([
                "env": described(
                    nullable(["type": "object", "additionalProperties": ref("scalar")]),
                    "non-secret settings passed with -e; {} for none"),
                "render": described(argv, "proves the config renders, run in the container"),
            ]),
            "health": object(["liveness": ref("probe"), "readiness": ref("probe")]),
            "targets": object([
                "startup": ref("duration"), "memory": ref("byteSize"), "response": ref("duration"),
                "throughput": ref("throughput"), "soak": described(ref("duration"), "leak-check window (default 1h)"),
            ]),
            "testing": object(["unit": text, "integration": text, "performance": text, "failure": list]),
            "depends_on": described(
                nullable(["type": "array", "items": ["type": "string", "pattern": ServiceName.pattern]]),
                "services this one needs; they must exist and form no cycle"),
            "integration": object(["communication": list, "shared": list, "failure": list, "tests": list]),
            "security": object([
                "root_reason": described(text, "why the service must run as root"),
                "capabilities": nullable([
                    "type": "array",
                    "items": [
                        "type": "object", "additionalProperties": false, "required": ["name"],
                        "properties": ["name": ["type": "string"], "reason": text],
                    ] as [String: Any],
                ]),
            ]),
            "load": object(["command": argv]),
            "clean_logs": object(["patterns": list]),
        ]
        return [
            "$schema": dialect,
            "title": "podserve-gate service.yaml",
            "description": "The plan of one PodServe service (SPEC §3).",
            "type": ["object", "null"],
            "additionalProperties": false,
            "properties": properties,
            "$defs": definitions(),
        ]
    }

    /// The schema of `gates/<n>-<state>.yaml`.
    package static func gate() -> [String: Any] {
        var validator: [String: Any] = [
            "type": "object", "additionalProperties": false, "required": ["id"],
            "properties": [
                "id": ["type": "string", "pattern": "^[a-z0-9][a-z0-9._-]*$"],
                "kind": ["enum": ValidatorKind.names],
                "command": described(ref("argv"), "only for kind: command; scripts live in gates/checks/"),
                "timeout": ref("duration"),
                "retries": nullable(["type": "integer", "minimum": 0, "maximum": 10]),
                "with": nullable(["type": "object", "additionalProperties": ref("scalar")]),
            ] as [String: Any],
        ]
        let approvals: [String: Any] = [
            "type": ["object", "null"], "additionalProperties": false, "required": ["role"],
            "properties": [
                "role": ["type": ["string", "number", "boolean"]],
                "required": nullable(["type": "integer", "minimum": 1]),
                "approvers": ref("list"),
            ] as [String: Any],
        ]
        validator["properties"] = (validator["properties"] as? [String: Any] ?? [:]).merging([
            "waivable": described(["type": ["boolean", "null"]], "whether a waiver may cover this validator"),
            "waiver": [
                "type": ["object", "null"], "additionalProperties": false,
                "properties": [
                    "max_days": nullable(["type": "integer", "minimum": 1]),
                    "approvals": approvals,
                ] as [String: Any],
            ] as [String: Any],
            "effective": described(
                ["type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"],
                "before this day (UTC) a failure only warns; from it on it blocks"),
        ]) { _, new in new }
        return [
            "$schema": dialect,
            "title": "podserve-gate gate file",
            "description": "One phase's gate: its checklist template, validators and approvals.",
            "type": "object",
            "additionalProperties": false,
            "required": ["phase"],
            "properties": [
                "phase": ["enum": Phase.gated.map(\.rawValue)],
                "title": ref("text"),
                "checklist": described(
                    ref("text"), "a Markdown task list; `auto:<validator-id>` items are ticked by the gate"),
                "validators": nullable(["type": "array", "items": validator]),
                "approvals": approvals,
            ] as [String: Any],
            "$defs": definitions(),
        ]
    }

    /// The schema as JSON text (sorted keys, so the output is stable and diffable).
    package static func json(_ schema: [String: Any]) -> String {
        let data =
            (try? JSONSerialization.data(
                withJSONObject: schema, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func definitions() -> [String: Any] {
        let number = "([0-9]+(\\.[0-9]*)?|\\.[0-9]+)"
        func quantity(_ units: String, _ example: String) -> [String: Any] {
            nullable(["type": "string", "pattern": "^[ \\t]*\(number)[ \\t]*(\(units))[ \\t]*$", "examples": [example]])
        }
        return [
            "scalar": ["type": ["string", "number", "boolean", "null"]],
            "text": ["type": ["string", "number", "boolean", "null"]],
            "list": nullable(["type": "array", "items": ["type": ["string", "number", "boolean"]]]),
            "argv": nullable(["type": "array", "items": ["type": ["string", "number", "boolean"]]]),
            "port": [
                "oneOf": [
                    ["type": "integer", "minimum": 1, "maximum": 65535],
                    ["type": "string", "pattern": "^[0-9]+(/(tcp|udp|sctp))?$"],
                ]
            ],
            "duration": quantity("ms|s|m|h", "2s"),
            "byteSize": quantity("[bB]|[kKmMgGtT][bB]|[kKmMgGtT][iI][bB]", "100MB"),
            "throughput": quantity("/ *[smh]", "1000/s"),
            "probe": object(["command": ref("argv"), "timeout": ref("duration")]),
        ]
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/$defs/\(name)"] }

    /// `schema` that also admits `~` (null): "not answered yet", as the parsers read it.
    static func nullable(_ schema: [String: Any]) -> [String: Any] {
        var copy = schema
        if let type = schema["type"] as? String { copy["type"] = [type, "null"] }
        if let types = schema["type"] as? [String], !types.contains("null") { copy["type"] = types + ["null"] }
        return copy
    }

    static func described(_ schema: [String: Any], _ text: String) -> [String: Any] {
        schema.merging(["description": text]) { _, new in new }
    }

    /// A closed mapping section (unknown keys refused), or null.
    static func object(_ properties: [String: Any]) -> [String: Any] {
        ["type": ["object", "null"], "additionalProperties": false, "properties": properties]
    }
}
