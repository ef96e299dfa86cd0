import Domain
import Foundation
import Support

/// Limits of a combination run, from the gate file's `with:` (defaults in parentheses).
package struct CombinationOptions: Sendable, Equatable {
    /// Each container must be healthy within this many times its startup target, after its dependencies (2).
    package var startFactor: Double
    /// After a dependency restart, each container must be healthy again within this many startup targets (1).
    package var recoveryFactor: Double
    /// Limit for one integration test script, in seconds (300).
    package var testTimeout: Double
    /// `podman restart -t` grace for the failure-recovery restart, in seconds (10).
    package var restartGrace: Int

    package init(startFactor: Double = 2, recoveryFactor: Double = 1, testTimeout: Double = 300, restartGrace: Int = 10)
    {
        self.startFactor = startFactor
        self.recoveryFactor = recoveryFactor
        self.testTimeout = testTimeout
        self.restartGrace = restartGrace
    }
}

/// What one combination showed: pass, or the first step that failed; figures for the evidence.
package struct CombinationResult: Sendable {
    package var passed: Bool
    /// The sentence naming what failed (empty when passed).
    package var failure: String
    package var metrics: [String: MetricValue]
    package var output: [String]
}

/// Runs one combination as a real pod: `kube play`, healthy in start order, integration tests, combined
/// memory, recovery after each dependency restarts — and always tears the pod down (`kube down`, then
/// removal by the pod's label), on failure and interrupt too.
package struct CombinationRunner {
    package let engine: ContainerEngine
    package let runner: ProcessRunner
    package let progress: Progress
    /// Repository root: integration tests run here.
    package let root: String
    package let options: CombinationOptions

    package init(
        engine: ContainerEngine, runner: ProcessRunner, progress: Progress, root: String,
        options: CombinationOptions = CombinationOptions()
    ) {
        self.engine = engine
        self.runner = runner
        self.progress = progress
        self.root = root
        self.options = options
    }

    /// A failed step ends the run at once; the pod is removed whatever happens.
    struct StepFailure: Error { let message: String }

    package func run(
        _ combination: Combination, pod: PodSpec, profiles: [ServiceName: RuntimeProfile],
        tests: [IntegrationTestScript], graph: IntegrationGraph
    ) throws -> CombinationResult {
        let yamlPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(pod.name).yaml").path
        try Data(pod.yaml().utf8).write(to: URL(fileURLWithPath: yamlPath))
        let result: Result<CombinationResult, Error>
        do {
            result = .success(
                try steps(combination, pod: pod, yamlPath: yamlPath, profiles: profiles, tests: tests, graph: graph))
        } catch {
            result = .failure(error)
        }
        // An interrupt kills the probes and tests mid-step: what failed then is the interrupt, not the combination.
        let interrupted = tearDown(pod, yamlPath: yamlPath)
        if interrupted || ChildRegistry.shared.isCancelled {
            throw ProcessError.cancelled(command: "combination \(combination.label)")
        }
        return try result.get()
    }

    /// The steps of one combination, up to the first that fails; the caller tears the pod down.
    private func steps(
        _ combination: Combination, pod: PodSpec, yamlPath: String, profiles: [ServiceName: RuntimeProfile],
        tests: [IntegrationTestScript], graph: IntegrationGraph
    ) throws -> CombinationResult {
        var metrics: [String: MetricValue] = [:]
        var output: [String] = []
        do {
            try checkCancelled(combination)
            progress.step("  combinations: \(combination.label): podman kube play (pod \(pod.name))")
            let started = HostInstant.now()
            let play = try engine.kubePlay(yamlPath)
            guard play.succeeded else {
                throw StepFailure(
                    message: "podman kube play failed (\(play.endDescription)): \(play.excerpt(limit: 800))")
            }
            let healthy = try waitHealthy(
                combination, pod: pod, profiles: profiles, graph: graph, since: started,
                factor: options.startFactor, what: "startup target")
            for (service, seconds) in healthy { metrics["healthy_seconds.\(service)"] = .number(seconds) }
            for test in tests {
                try checkCancelled(combination)
                output.append(try runTest(test, pod: pod, services: combination.services))
            }
            metrics["tests"] = .number(Double(tests.count))
            metrics["test_paths"] = .text(tests.map(\.path).joined(separator: " "))
            metrics.merge(try memory(combination, pod: pod, profiles: profiles)) { _, new in new }
            for dependency in dependencies(in: combination, graph: graph) {
                try checkCancelled(combination)
                metrics["recovery_seconds.\(dependency)"] = .number(
                    try recover(dependency, combination, pod: pod, profiles: profiles, graph: graph))
            }
            metrics["status"] = .text("pass")
            return CombinationResult(passed: true, failure: "", metrics: metrics, output: output)
        } catch let failure as StepFailure {
            metrics["status"] = .text("fail")
            output.append(failure.message)
            return CombinationResult(passed: false, failure: failure.message, metrics: metrics, output: output)
        }
    }

    /// Members some other member depends on: the containers the recovery step restarts, in start order.
    func dependencies(in combination: Combination, graph: IntegrationGraph) -> [ServiceName] {
        combination.services.filter { candidate in
            combination.services.contains { graph.dependencies(of: $0).contains(candidate) }
        }
    }

    /// Waits for each container in start order; each gets `factor` × its startup target after its
    /// dependencies became healthy. Returns seconds from `since` until each was healthy.
    func waitHealthy(
        _ combination: Combination, pod: PodSpec, profiles: [ServiceName: RuntimeProfile], graph: IntegrationGraph,
        since: HostInstant, factor: Double, what: String
    ) throws -> [(ServiceName, Double)] {
        var readyAt: [ServiceName: Double] = [:]
        var result: [(ServiceName, Double)] = []
        for service in combination.services {
            try checkCancelled(combination)
            guard let profile = profiles[service] else { throw StepFailure(message: "no plan for \(service)") }
            let container = pod.containerName(service)
            let after = graph.dependencies(of: service).compactMap { readyAt[$0] }.max() ?? 0
            let budget = factor * (profile.targets.startupSeconds ?? 15)
            let started = ServiceLauncher.Started(
                id: container, name: container, start: since, runSeconds: 0, hostPorts: [:])
            let wait = try HealthWaiter(engine: engine, profile: profile).wait(started, timeout: after + budget)
            guard wait.healthy else {
                throw StepFailure(
                    message: "\(service) (container \(container)) did not become healthy within "
                        + "\(RuntimeFormat.seconds(budget)) (\(formatFactor(factor)) its \(what)) after its dependencies: \(wait.reason)"
                )
            }
            let seconds = max(0, wait.seconds ?? (HostClock.monotonic() - since.monotonic))
            readyAt[service] = max(seconds, after)
            result.append((service, seconds))
            progress.step("  combinations: \(service) healthy after \(RuntimeFormat.seconds(seconds))")
        }
        return result
    }

    /// Runs one integration test script with POD and CONTAINER_<SVC> naming the pod; returns its output tail.
    func runTest(_ test: IntegrationTestScript, pod: PodSpec, services: [ServiceName]) throws -> String {
        var env = ProcessInfo.processInfo.environment
        env["POD"] = pod.name
        env.merge(engine.childEnvironment) { _, engine in engine }
        for service in services { env[Self.containerVariable(service)] = pod.containerName(service) }
        progress.step("  combinations: running \(test.path)")
        let program = try WorkspacePaths.inside(test.path, root: root, field: "integration test")
        let result = try runner.run(
            ProcessSpec(
                program, [], environment: env, workingDirectory: root,
                timeout: options.testTimeout, outputLimit: 64 * 1024))
        let tail = result.excerpt(limit: 1500)
        if let signal = result.signal, !result.timedOut, [SIGINT, SIGTERM, SIGKILL].contains(signal) {
            // Nothing here kills a test but its timeout: a test killed by a signal was ended by an interrupt.
            throw ProcessError.cancelled(command: "integration test \(test.path)")
        }
        guard result.succeeded else {
            let last = tail.split(whereSeparator: \.isNewline).suffix(3).joined(separator: " | ")
            throw StepFailure(message: "integration test \(test.path) failed (\(result.endDescription)): \(last)")
        }
        return "\(test.path): passed\n\(tail)"
    }

    /// `CONTAINER_MAIL`, `CONTAINER_WEB_MAIL`: the variable naming a member's container.
    package static func containerVariable(_ service: ServiceName) -> String {
        "CONTAINER_" + service.rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// Combined memory of the pod's containers against the sum of the members' memory targets.
    func memory(_ combination: Combination, pod: PodSpec, profiles: [ServiceName: RuntimeProfile]) throws -> [String:
        MetricValue]
    {
        var total: UInt64 = 0
        var limit: UInt64 = 0
        var undeclared: [ServiceName] = []
        for service in combination.services {
            total += try engine.memoryBytes(pod.containerName(service))
            if let target = profiles[service]?.targets.memoryBytes {
                limit += target
            } else {
                undeclared.append(service)
            }
        }
        var metrics: [String: MetricValue] = ["memory_bytes": .number(Double(total))]
        guard undeclared.isEmpty else {
            throw StepFailure(
                message: "no targets.memory for \(undeclared.joined(separator: ", ")): the combined memory "
                    + "(\(RuntimeFormat.bytes(total))) cannot be judged")
        }
        metrics["memory_limit_bytes"] = .number(Double(limit))
        guard total <= limit else {
            throw StepFailure(
                message: "combined memory \(RuntimeFormat.bytes(total)) exceeds the sum of the memory targets "
                    + "\(RuntimeFormat.bytes(limit))")
        }
        progress.step("  combinations: memory \(RuntimeFormat.bytes(total)) of \(RuntimeFormat.bytes(limit))")
        return metrics
    }

    /// Restarts a dependency's container; every member must be healthy again within its startup target.
    func recover(
        _ dependency: ServiceName, _ combination: Combination, pod: PodSpec, profiles: [ServiceName: RuntimeProfile],
        graph: IntegrationGraph
    ) throws -> Double {
        progress.step("  combinations: restarting \(dependency) (failure recovery)")
        do {
            try engine.restart(pod.containerName(dependency), timeout: options.restartGrace)
        } catch let error as ContainerError {
            throw StepFailure(message: "restarting \(dependency) failed: \(error.localizedDescription)")
        }
        let after = HostInstant.now()
        do {
            let healthy = try waitHealthy(
                combination, pod: pod, profiles: profiles, graph: graph, since: after,
                factor: options.recoveryFactor, what: "startup target")
            return healthy.map(\.1).max() ?? 0
        } catch let failure as StepFailure {
            throw StepFailure(message: "after restarting \(dependency): \(failure.message)")
        }
    }

    /// `kube down`, then removal of anything still carrying the pod's label. On an interrupt the runner refuses new
    /// children until the CLI's handler allows cleanup, so this waits for that (up to 10 s) instead of giving up.
    /// Returns true when it saw the interrupt.
    @discardableResult
    func tearDown(_ pod: PodSpec, yamlPath: String) -> Bool {
        defer { try? FileManager.default.removeItem(atPath: yamlPath) }
        var interrupted = false
        let deadline = HostClock.monotonic() + 10
        for step in 0..<2 {
            while true {
                do {
                    if step == 0 {
                        _ = try engine.kubeDown(yamlPath)
                    } else {
                        _ = try engine.removeAll(filter: "label=\(PodSpec.podLabel)=\(pod.name)")
                    }
                    break
                } catch ProcessError.cancelled {
                    interrupted = true
                    if HostClock.monotonic() >= deadline { break }
                    usleep(50_000)
                } catch {
                    break
                }
            }
        }
        return interrupted
    }

    func checkCancelled(_ combination: Combination) throws {
        if ChildRegistry.shared.isCancelled {
            throw ProcessError.cancelled(command: "combination \(combination.label)")
        }
    }

    func formatFactor(_ factor: Double) -> String {
        factor == factor.rounded() ? "\(Int(factor))×" : String(format: "%.1f×", factor)
    }
}
