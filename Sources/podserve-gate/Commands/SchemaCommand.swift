import ArgumentParser
import Domain
import Foundation

/// `schema service|gate`: the JSON Schema (draft 2020-12) of service.yaml or of a gate file, for editors and CI.
struct SchemaCommand: ParsableCommand {
    /// Which file format.
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case service, gate
    }

    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of service.yaml or of a gate file.",
        discussion: """
            Editors that read `# yaml-language-server: $schema=…` (the first line of every service.yaml that \
            `new` writes) complete and check keys once the schema is written where that line points:
              podserve-gate schema service --out .podserve-gate/service.schema.json
              podserve-gate schema gate --out .podserve-gate/gate.schema.json
            """)

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "service or gate.")
    var kind: Kind
    @Option(help: "Write the schema to this file (relative to -C or the current directory) instead of stdout.")
    var out: String?

    func run() throws {
        try runReporting {
            let text = SchemaDocument.json(kind == .service ? SchemaDocument.service() : SchemaDocument.gate())
            guard let out else {
                printOut(text)
                return 0
            }
            let base = URL(fileURLWithPath: globals.workingDirectory)
            let url = out.hasPrefix("/") ? URL(fileURLWithPath: out) : base.appendingPathComponent(out)
            do {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw OutputWriteError(option: "--out", path: url.path, underlying: error)
            }
            if !globals.quiet { printErr("wrote \(url.path)") }
            return 0
        }
    }
}
