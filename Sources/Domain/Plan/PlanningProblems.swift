extension ServicePlan {
    /// What the planning gate needs that the plan does not yet give (seed Phase 1 checklist), in file order.
    /// `folder` is the service's folder name, which `name` must equal.
    package func planningProblems(folder: String? = nil) -> [PlanProblem] {
        var problems: [PlanProblem] = []
        func add(_ keyPath: String, _ message: String, _ fix: String) {
            problems.append(PlanProblem(keyPath: keyPath, message: message, fix: fix, location: location(of: keyPath)))
        }
        if isBlank(name) {
            add("name", "is missing", "set name: \(folder ?? "<folder name>") (the folder name)")
        } else if let folder, let name, name != folder {
            add("name", "is '\(name)' but the folder is services/\(folder)", "set name: \(folder)")
        }
        if isBlank(scope) { add("scope", "is empty", "say in one sentence what the service does") }
        if let image, !ImageReference.isValid(image) {
            add("image", "is not an image reference podman can run", "write it as \(ImageReference.grammar)")
        }
        if (ports ?? []).isEmpty { add("ports", "lists no port", "list its ports and protocols, e.g. ports: [25/tcp]") }
        if data == nil {
            add(
                "data", "is not answered",
                "list what it persists, e.g. data: [/var/spool/postfix], or data: [] for nothing")
        }
        if config?.env == nil {
            add(
                "config.env", "is not answered",
                "list its non-secret settings, e.g. env: {DOMAIN: podserve.local}, or env: {} for none")
        }
        for (key, check) in [("liveness", health.liveness), ("readiness", health.readiness)] {
            if (check?.command ?? []).isEmpty {
                add(
                    "health.\(key).command", "is empty",
                    "give the \(key) probe as an argument array run in the container, e.g. [/usr/local/bin/health-check.sh, \(key == "liveness" ? "live" : "ready")]"
                )
            }
            if check?.timeout == nil {
                add("health.\(key).timeout", "is missing", "say how long the \(key) probe may take, e.g. timeout: 2s")
            }
        }
        if targets.startup == nil {
            add("targets.startup", "is missing", "set the acceptable startup time, e.g. startup: 5s")
        }
        if targets.memory == nil {
            add("targets.memory", "is missing", "set the acceptable memory use, e.g. memory: 100MB")
        }
        if targets.response == nil {
            add("targets.response", "is missing", "set the response-time target, e.g. response: 100ms")
        }
        for (key, value) in [
            ("unit", testing.unit), ("integration", testing.integration), ("performance", testing.performance),
        ] where isBlank(value) {
            add(
                "testing.\(key)", "is empty",
                "describe the \(key) tests, e.g. \(key): \"query resolution, configuration validation\"")
        }
        if (testing.failure ?? []).isEmpty {
            add(
                "testing.failure", "lists no failure mode",
                "list the failure modes to test, e.g. failure: [\"config errors\"]")
        }
        return problems
    }

    /// What the integration-planning gate needs (seed Phase 4): communication, shared resources, failures, tests.
    /// `shared: []` is an answer ("nothing shared"); a missing key is not.
    package func integrationPlanningProblems() -> [PlanProblem] {
        var problems: [PlanProblem] = []
        func add(_ keyPath: String, _ message: String, _ fix: String) {
            problems.append(PlanProblem(keyPath: keyPath, message: message, fix: fix, location: location(of: keyPath)))
        }
        if !dependsOn.isEmpty, (integration.communication ?? []).isEmpty {
            add(
                "integration.communication",
                "is empty although the service depends on \(dependsOn.joined(separator: ", "))",
                "say how it talks to each dependency, e.g. [\"resolves MX records through dns\"]")
        }
        if integration.shared == nil {
            add("integration.shared", "is not answered", "list shared volumes/configs, or shared: [] for none")
        }
        if (integration.failure ?? []).isEmpty {
            add(
                "integration.failure", "lists no failure scenario",
                "say what happens when a dependency fails, e.g. [\"dns restarted: mail retries and recovers\"]")
        }
        if !dependsOn.isEmpty, (integration.tests ?? []).isEmpty {
            add(
                "integration.tests", "lists no integration test",
                "list the test scripts, e.g. [tests/integration/test-SERVICE-dns.sh]")
        }
        return problems
    }

    /// The position of a key, or of its nearest written parent section.
    func location(of keyPath: String) -> SourceLocation? {
        var path = keyPath
        while !path.isEmpty {
            if let location = locations[path] { return location }
            guard let dot = path.lastIndex(of: ".") else { break }
            path = String(path[..<dot])
        }
        return nil
    }

    private func isBlank(_ text: String?) -> Bool {
        (text ?? "").allSatisfy(\.isWhitespace)
    }
}
