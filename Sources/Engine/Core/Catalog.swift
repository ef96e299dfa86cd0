import Domain
import Foundation
import Git

/// Reads services, their state, plans, checklists and the gate files from one `FileSource`.
package struct Catalog {
    package let source: FileSource

    package init(source: FileSource) { self.source = source }

    /// The folders under `services/` that hold a state or a plan. A folder whose name is no service name
    /// (`Mail`, `a b`) is not a service: no command could have created it, none can name it, so it is left out
    /// here, where names enter from the directory listing, rather than typed as text everywhere after.
    package func serviceNames() throws -> [ServiceName] {
        try source.list(Workspace.servicesDir).compactMap(ServiceName.init(rawValue:)).filter { name in
            try holdsStateOrPlan(Workspace.serviceDir(name))
        }
    }

    /// Folders under `services/` that hold a state or a plan although their name is no service name, each with
    /// the rule it breaks: `serviceNames()` leaves them out, so `status` and `doctor` name them instead of a
    /// service going missing from the board without a word.
    package func foldersNamingNoService() throws -> [(folder: String, problem: String)] {
        try source.list(Workspace.servicesDir).compactMap { name in
            guard let problem = Recorded<ServiceName>(name).refusal else { return nil }
            let folder = "\(Workspace.servicesDir)/\(name)"
            return try holdsStateOrPlan(folder) ? (folder, problem) : nil
        }
    }

    /// What makes a folder under `services/` a service's: a state or a plan in it.
    private func holdsStateOrPlan(_ folder: String) throws -> Bool {
        try source.exists("\(folder)/\(Workspace.stateFile)") || source.exists("\(folder)/\(Workspace.planFile)")
    }

    /// Refuses invalid names (exit 2) before anything touches the file system.
    package func requireService(_ text: String) throws -> ServiceName {
        try requireService(try ServiceName(text))
    }

    /// Refuses a name that is no service of this workspace (exit 2), listing the ones that are.
    @discardableResult
    package func requireService(_ name: ServiceName) throws -> ServiceName {
        let names = try serviceNames()
        guard names.contains(name) else { throw EngineError.unknownService(name, known: names) }
        return name
    }

    package func phase(of service: ServiceName) throws -> Phase {
        let path = Workspace.statePath(service)
        guard let data = try source.read(path) else {
            throw EngineError.missingFile(path: path, fix: "create the service with `podserve-gate new \(service)`")
        }
        return try StateFile.parse(String(decoding: data, as: UTF8.self), file: path)
    }

    package func plan(of service: ServiceName) throws -> ServicePlan {
        let path = Workspace.planPath(service)
        guard let data = try source.read(path) else {
            throw EngineError.missingFile(path: path, fix: "create the service with `podserve-gate new \(service)`")
        }
        return try ServicePlan.parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// All plans that parse; a broken plan of another service is reported by its own gate, not here.
    package func allPlans() throws -> [ServiceName: ServicePlan] {
        var plans: [ServiceName: ServicePlan] = [:]
        for name in try serviceNames() { plans[name] = try Self.unlessLinked { try plan(of: name) } }
        return plans
    }

    /// `body`'s value, nil when it fails, except that a symbolic link is never skipped quietly: reading
    /// through one is refused for the whole command (issue 10, part 3).
    static func unlessLinked<T>(_ body: () throws -> T) throws -> T? {
        do { return try body() } catch let error as WorkTreePathError { throw error } catch { return nil }
    }

    /// Every plan, throwing the first that does not parse (file:line:column): for reports such as `plan`
    /// whose answer would silently change if a broken plan were left out. Services without a plan are skipped.
    package func allPlansOrThrow() throws -> [ServiceName: ServicePlan] {
        var plans: [ServiceName: ServicePlan] = [:]
        for name in try serviceNames() where try source.exists(Workspace.planPath(name)) {
            plans[name] = try plan(of: name)
        }
        return plans
    }

    /// The plans of `service`'s dependency closure: all a planning gate needs (a cycle through a
    /// service lies within it), without parsing every plan of a large workspace. A dependency without a
    /// plan is left out (the gate reports it missing); one whose plan does not parse is thrown with its
    /// location, since the verdict on cycles would otherwise rest on a plan nobody could read.
    package func dependencyClosure(of service: ServiceName, plan: ServicePlan) throws -> [ServiceName: ServicePlan] {
        try DependencyGraph.reachable(from: service, plan: plan) { next in
            guard try source.exists(Workspace.planPath(next)) else { return nil }
            return try self.plan(of: next)
        }.plans
    }

    package func allPhases() throws -> [ServiceName: Phase] {
        var phases: [ServiceName: Phase] = [:]
        for name in try serviceNames() { phases[name] = try Self.unlessLinked { try phase(of: name) } }
        return phases
    }

    /// Checklists are bounded like the YAML files: a gate, the board and verify parse every item of them.
    package static let checklistLimit = 1 << 20

    package func checklistText(of service: ServiceName, phase: Phase) throws -> String? {
        let path = Workspace.checklistPath(service, phase)
        guard let data = try source.read(path) else { return nil }
        guard data.count <= Self.checklistLimit else {
            throw EngineError.fileTooLarge(path: path, bytes: data.count, limit: Self.checklistLimit)
        }
        return String(decoding: data, as: UTF8.self)
    }

    package func gate(for phase: Phase) throws -> GateDefinition {
        let path = Workspace.gatePath(phase)
        guard let data = try source.read(path) else {
            throw EngineError.gateMissing(phase: phase, path: path)
        }
        return try GateDefinition.parse(String(decoding: data, as: UTF8.self), file: path)
    }

    package func evidence(of service: ServiceName, phase: Phase) throws -> Evidence? {
        let path = Workspace.evidencePath(service, phase)
        guard let data = try source.read(path) else { return nil }
        do { return try Evidence.decode(data) } catch {
            throw EngineError.invalidEvidence(path: path, message: "not valid evidence JSON (\(error))")
        }
    }
}
