import ArgumentParser
import Engine
import Foundation

/// `build [<svc>…] [--rebuild]`: builds service images from their `build:` contexts.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the images of the named services (default: all) from their build: context.")

    @ParentCommand var root: PodserveGate
    @OptionGroup(title: "Global options") var local: GlobalOptions
    /// Global options given before or after the subcommand name.
    var globals: GlobalOptions { root.globals.merged(with: local) }
    @Argument(help: "Services to build (default: every service with a build: context).")
    var services: [String] = []
    @Flag(help: "Build even when the image exists.")
    var rebuild = false

    func run() throws {
        try runReporting {
            Interrupts.install()
            let factory = try EngineFactory(globals)
            try factory.requireEngine()
            let catalog = Catalog(source: WorkTreeSource(factory.workspace))
            let names =
                services.isEmpty
                ? try catalog.serviceNames().filter { (try? catalog.plan(of: $0))?.build != nil }.map(\.rawValue)
                : services
            let builder = ImageBuilder(
                workspace: factory.workspace, containers: factory.containers,
                runner: factory.runner, progress: factory.progress)
            var failed = false
            for text in names {
                let name = try catalog.requireService(text)
                let plan = try catalog.plan(of: name)
                switch try builder.build(service: name, plan: plan, rebuild: rebuild) {
                case .skipped(let id): printOut("\(name): skipped (up to date, \(id.prefix(12)))")
                case .usedAsIs(let id):
                    printOut("\(name): skipped (no build: context, image \(id.prefix(12)) used as is)")
                case .built(let id, let seconds, let stale):
                    let was = stale.map { " (the old image was stale: \($0))" } ?? ""
                    printOut(
                        "\(name): built \(id.map { String($0.prefix(12)) } ?? "?") in \(String(format: "%.1f", seconds)) s\(was)"
                    )
                case .failed(let log, let end):
                    failed = true
                    printOut("\(name): build failed (\(end))")
                    printErr("--- end of the \(name) build log ---\n\(log)")
                }
            }
            return failed ? ExitCodes.gateFailed : 0
        }
    }
}
