import Domain
import Foundation
import Support

/// security-review: minimal privileges. The image user is not root — or, with service.yaml
/// `security.root_reason`, only the parent process is root and its workers are not (seen with `podman top` in a
/// running container); no secret-looking env in service.yaml or the image; no world-writable files in the image;
/// no privileged mode, host namespaces or undeclared capabilities in the phase-5 pods.
struct SecurityReviewValidator: Validator {
    /// Prints world-writable regular files, skipping /proc, /sys, /dev and everything under sticky directories.
    static let findWorldWritable = [
        "find", "/", "-xdev", "(", "-path", "/proc", "-o", "-path", "/sys", "-o", "-path", "/dev", ")", "-prune",
        "-o", "-type", "d", "-perm", "-1000", "-prune", "-o", "-type", "f", "-perm", "-0002", "-print",
    ]

    func run(_ context: ValidatorContext) throws -> ValidatorOutcome {
        let ref = context.imageRef
        guard let image = try context.containers.imageInfo(ref) else {
            return .fail("image \(ref) does not exist; build it (`podserve-gate build \(context.service)`)")
        }
        context.scratchpad.image = ImageRecord(ref: ref, info: image)
        var findings = SecretScan.findings(context.plan.config?.env ?? [:], source: "service.yaml config.env")
        findings += SecretScan.findings(image.env, source: "image env")
        findings += PodPrivileges.findings(
            pods: try podYAMLs(context), service: context.service,
            declared: context.plan.security?.capabilities ?? [])
        var notes: [String] = []
        var metrics: [String: MetricValue] = ["user": .text(image.user.isEmpty ? "root (unset)" : image.user)]
        let profile = PodMember.profile(service: context.service, plan: context.plan)
        try ServiceLauncher(engine: context.containers, profile: profile).withContainer(purpose: "security") {
            started in
            let files = try worldWritable(started.id, context: context, findings: &findings)
            metrics["world_writable_files"] = .number(Double(files))
            try checkUser(
                image, started: started, profile: profile, context: context, findings: &findings,
                notes: &notes, metrics: &metrics)
        }
        metrics["findings"] = .number(Double(findings.count))
        guard findings.isEmpty else {
            return .fail(
                "security review of \(context.service): \(findings.count) finding(s): \(findings.joined(separator: "; "))",
                metrics: metrics, output: (findings + notes).joined(separator: "\n"))
        }
        notes += ["no secret-looking env", "no world-writable files", "no added privileges"]
        return .pass("security review of \(context.service) passed: \(notes.joined(separator: "; "))", metrics: metrics)
    }

    /// Runs `find` in the container; the count of world-writable files found (each becomes a finding).
    private func worldWritable(_ container: String, context: ValidatorContext, findings: inout [String]) throws -> Int {
        let result = try context.containers.exec(container, Self.findWorldWritable, timeout: 120)
        if result.exitCode == 126 || result.exitCode == 127 || result.timedOut {
            findings.append(
                "cannot look for world-writable files: `find` did not run in the image (\(result.endDescription))")
            return 0
        }
        let files = result.stdoutText.split(whereSeparator: \.isNewline).map(String.init)
        if !files.isEmpty {
            let shown =
                files.prefix(10).joined(separator: ", ") + (files.count > 10 ? " (+\(files.count - 10) more)" : "")
            findings.append("world-writable files in the image: \(shown); remove the o+w bit (chmod o-w)")
        }
        return files.count
    }

    /// Non-root image user passes; root needs `security.root_reason` and a root parent with non-root workers.
    private func checkUser(
        _ image: ImageInfo, started: ServiceLauncher.Started, profile: RuntimeProfile,
        context: ValidatorContext, findings: inout [String], notes: inout [String],
        metrics: inout [String: MetricValue]
    ) throws {
        guard UserCheck.isRoot(image.user) else {
            notes.append("runs as \(image.user)")
            return
        }
        let reason = (context.plan.security?.rootReason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            findings.append(
                "the image runs as root (USER \(image.user.isEmpty ? "unset" : image.user)); set an unprivileged USER, "
                    + "or, where a daemon needs a root parent, state why in service.yaml security.root_reason")
            return
        }
        let wait = try HealthWaiter(engine: context.containers, profile: profile).wait(
            started, timeout: profile.defaultStartTimeout)
        guard wait.healthy else {
            findings.append("runs as root (reason: \(reason)) but its workers could not be checked: \(wait.reason)")
            return
        }
        let users = try context.containers.processUsers(started.id)
        metrics["process_users"] = .text(users.joined(separator: ","))
        if let problem = UserCheck.rootParentProblem(processUsers: users) {
            findings.append("runs as root (reason: \(reason)) but \(problem)")
            return
        }
        let workers = Array(Set(users.filter { !UserCheck.isRoot($0) })).sorted().joined(separator: ", ")
        let why = reason.hasSuffix(".") ? String(reason.dropLast()) : reason
        notes.append(
            users.contains(where: UserCheck.isRoot)
                ? "root parent only (root_reason: \(why)); its workers run as \(workers)"
                : "starts as root (root_reason: \(why)); every process runs as \(workers)")
        metrics["root_reason"] = .text(reason)
    }

    /// The pods phase 5 ran (its evidence artifacts), else the pod phase 5 would generate for the service alone.
    private func podYAMLs(_ context: ValidatorContext) throws -> [String: String] {
        let dir = "\(Workspace.serviceDir(context.service))/evidence"
        let names = try context.workspace.files.list(dir)
        var pods: [String: String] = [:]
        for name in names where name.hasPrefix(CombinationsValidator.artifactPrefix) && name.hasSuffix(".yaml") {
            pods["\(dir)/\(name)"] = try context.workspace.readText("\(dir)/\(name)")
        }
        if pods.isEmpty {
            let spec = PodSpec(
                name: "pg-\(context.service)-review", labels: [:],
                members: [PodMember(service: context.service, plan: context.plan)])
            pods["generated pod for \(context.service)"] = spec.yaml()
        }
        return pods
    }
}
