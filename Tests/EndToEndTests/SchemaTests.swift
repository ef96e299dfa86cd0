import Foundation
import TestSupport
import Testing

/// Issue 9 part 8: `podserve-gate schema service|gate` prints a JSON Schema that a real validator (Debian's
/// python3-jsonschema, through tests/schema/validate.py) accepts for this repository's own plans and gate
/// files and rejects for the typos the tool itself refuses.
@Suite(.blocking) struct SchemaTests {
    static let validator = GateCLI.packageRoot + "/tests/schema/validate.py"

    /// Writes `podserve-gate schema <kind>` into the sandbox and validates `files` against it.
    static func validate(_ ws: GitSandbox, _ kind: String, _ files: [String]) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let printed = try ws.gate("schema", kind)
        #expect(printed.status == 0, "\(printed.stderr)")
        try ws.write("\(kind).schema.json", printed.stdout)
        let run = try ws.run("/usr/bin/python3", [validator, ws.root + "/\(kind).schema.json"] + files)
        return (run.status, run.stdout, run.stderr)
    }

    @Test func repositoryPlansAndGatesValidateAgainstThePrintedSchemas() throws {
        let ws = try GitSandbox()
        defer { ws.remove() }
        let root = GateCLI.packageRoot
        let plans = try FileManager.default.contentsOfDirectory(atPath: root + "/services").sorted()
            .map { "\(root)/services/\($0)/service.yaml" }.filter { FileManager.default.fileExists(atPath: $0) }
        let gates = try FileManager.default.contentsOfDirectory(atPath: root + "/gates").sorted()
            .filter { $0.hasSuffix(".yaml") }.map { "\(root)/gates/\($0)" }
        #expect(plans.count >= 3 && gates.count == 6)
        let service = try Self.validate(ws, "service", plans)
        #expect(service.status == 0, "\(service.stdout)\(service.stderr)")
        #expect(service.stderr.contains("Draft202012Validator: \(plans.count) valid, 0 invalid"), "\(service.stderr)")
        let gate = try Self.validate(ws, "gate", gates)
        #expect(gate.status == 0, "\(gate.stdout)\(gate.stderr)")
        #expect(gate.stderr.contains("Draft202012Validator: 6 valid, 0 invalid"), "\(gate.stderr)")
    }

    @Test func schemasRejectWhatTheToolRejects() throws {
        let ws = try GitSandbox()
        defer { ws.remove() }
        try ws.write(
            "typo.yaml", GitSandbox.completePlan("dns").replacingOccurrences(of: "depends_on:", with: "dependson:"))
        try ws.write(
            "nested.yaml",
            GitSandbox.completePlan("dns").replacingOccurrences(of: "memory: 100MB", with: "memroy: 100MB"))
        try ws.write("targets.yaml", "name: dns\ntargets: {startup: 5 seconds}\n")
        try ws.write("ports.yaml", "ports: [25/tcpx]\n")
        let service = try Self.validate(ws, "service", ["typo.yaml", "nested.yaml", "targets.yaml", "ports.yaml"])
        #expect(service.status == 1)
        #expect(
            service.stdout.contains(
                "invalid typo.yaml: (root): Additional properties are not allowed ('dependson' was unexpected)"),
            "\(service.stdout)")
        #expect(
            service.stdout.contains(
                "invalid nested.yaml: targets: Additional properties are not allowed ('memroy' was unexpected)"),
            "\(service.stdout)")
        #expect(
            service.stdout.contains("invalid targets.yaml: targets/startup: '5 seconds' does not match"),
            "\(service.stdout)")
        #expect(
            service.stdout.contains(
                "invalid ports.yaml: ports/0: '25/tcpx' is not valid under any of the given schemas"),
            "\(service.stdout)")
        #expect(service.stderr.contains("0 valid, 4 invalid"), "\(service.stderr)")
        try ws.write("gates/1-planning.yaml", "phase: planning\nvalidators:\n  - {id: plan-complete, timout: 5s}\n")
        try ws.write("gates/2-isolation.yaml", "phase: isolation\nvalidators:\n  - {id: x, kind: no-such-kind}\n")
        let gate = try Self.validate(ws, "gate", ["gates/1-planning.yaml", "gates/2-isolation.yaml"])
        #expect(gate.status == 1)
        #expect(
            gate.stdout.contains(
                "invalid gates/1-planning.yaml: validators/0: Additional properties are not allowed ('timout' was unexpected)"
            ),
            "\(gate.stdout)")
        #expect(
            gate.stdout.contains("invalid gates/2-isolation.yaml: validators/0/kind: 'no-such-kind' is not one of"),
            "\(gate.stdout)")
    }

    /// A fresh workspace's own files — the `new` template and the `init` gates — are valid from the start,
    /// and the template's first line points where `schema --out` writes.
    @Test func newTemplateNamesTheSchemaAndValidates() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "mail", "--depends-on", "dns").status == 0)
        let template = try #require(ws.read("services/mail/service.yaml"))
        #expect(template.hasPrefix("# yaml-language-server: $schema=../../.podserve-gate/service.schema.json\n"))
        let write = try ws.gate("schema", "service", "--out", ".podserve-gate/service.schema.json")
        #expect(write.status == 0, "\(write.stderr)")
        let schemaFile = ws.root + "/services/mail/../../.podserve-gate/service.schema.json"
        #expect(FileManager.default.fileExists(atPath: schemaFile))
        let run = try ws.run("/usr/bin/python3", [Self.validator, schemaFile, "services/mail/service.yaml"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let gates = try FileManager.default.contentsOfDirectory(atPath: ws.root + "/gates")
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "gates/\($0)" }
        let gate = try Self.validate(ws, "gate", gates)
        #expect(gate.status == 0 && gates.count == 6, "\(gate.stdout)\(gate.stderr)")
        for path in gates {
            #expect(
                ws.read(path)?.hasPrefix("# yaml-language-server: $schema=../.podserve-gate/gate.schema.json\n")
                    == true, "\(path)")
        }
    }

    /// The schema files checked into this repository are exactly what the tool prints, so they never go stale.
    @Test func checkedInSchemasAreCurrent() throws {
        let ws = try GitSandbox()
        defer { ws.remove() }
        for kind in ["service", "gate"] {
            let printed = try ws.gate("schema", kind)
            #expect(printed.status == 0)
            let path = GateCLI.packageRoot + "/.podserve-gate/\(kind).schema.json"
            let committed = try String(contentsOfFile: path, encoding: .utf8)
            #expect(
                printed.stdout == committed,
                "regenerate with: podserve-gate schema \(kind) --out .podserve-gate/\(kind).schema.json")
        }
    }
}
