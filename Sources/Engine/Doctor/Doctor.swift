import Domain
import Foundation
import Git
import Support

/// One finding of `doctor`: what was checked, what was found, and the fix.
package struct DoctorCheck: Encodable, Sendable {
    package enum Status: String, Encodable, Sendable { case ok, warn, fail }
    package let name: String
    package let status: Status
    package let detail: String
    package let fix: String?
}

/// Checks what the gates need: podman and its runtime, a trial container, images, git identity and signing.
package struct Doctor {
    package let directory: String
    package let runner: ProcessRunner
    /// Image used for the trial run (made by scripts/setup-podman.sh).
    package var probeImage = "localhost/podserve-gate-probe:latest"
    /// The engine checked (`doctor --url …` checks a remote engine the same way as the local one).
    package var engine: EngineTarget = .local
    /// Where the gates' host-side probes will connect to that engine's published ports.
    package var probeAddress: ProbeAddress = .loopback

    package init(directory: String, runner: ProcessRunner) {
        self.directory = directory
        self.runner = runner
    }

    package func run() -> [DoctorCheck] {
        var checks = podmanChecks()
        let repo = try? Repository.discover(startingAt: directory)
        guard let repo else {
            checks.append(
                .init(
                    name: "git repository", status: .fail, detail: "\(directory) is not inside a git repository",
                    fix: "run `git init` (then `podserve-gate init`)"))
            return checks
        }
        checks.append(
            contentsOf: imageChecks(Workspace(repo: repo), podmanWorks: checks.allSatisfy { $0.status != .fail }))
        checks.append(contentsOf: gitChecks(repo))
        checks.append(contentsOf: folderChecks(Workspace(repo: repo)))
        return checks
    }

    /// One failing line per folder under `services/` that holds a plan or state under a name no command accepts
    /// (every command leaves it out, so it would otherwise go missing without a word).
    func folderChecks(_ workspace: Workspace) -> [DoctorCheck] {
        let folders = (try? Catalog(source: WorkTreeSource(workspace)).foldersNamingNoService()) ?? []
        return folders.map { folder in
            .init(
                name: folder.folder, status: .fail,
                detail: "holds a plan or state but is no service: \(folder.problem)",
                fix: "rename the folder (git mv) to a service name, or remove it")
        }
    }

    func podmanChecks() -> [DoctorCheck] {
        guard let version = try? runner.run(ProcessSpec("podman", ["--version"], timeout: 20)), version.succeeded else {
            return [
                .init(
                    name: "podman", status: .fail, detail: "podman is not installed or not in PATH",
                    fix: "apt-get update && apt-get install -y podman runc (or scripts/install-deps.sh)")
            ]
        }
        var checks = [
            DoctorCheck(
                name: "podman", status: .ok, detail: version.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines),
                fix: nil)
        ]
        if engine.isRemote {
            do {
                let facts = try Podman(runner: runner, target: engine).engineFacts()
                checks.append(
                    .init(
                        name: "engine", status: .ok,
                        detail: "\(engine.display): host \(facts["hostname"] ?? "?"), podman "
                            + "\(facts["podman_version"] ?? "?"), \(facts["os"] ?? "?"), \(facts["cpus"] ?? "?") CPU",
                        fix: nil))
            } catch {
                var words = (error as? LocalizedError)?.errorDescription ?? "\(error)"
                if case ContainerError.engineUnreachable(_, let detail, _) = error { words = detail }
                return checks + [
                    .init(
                        name: "engine", status: .fail, detail: "\(engine.display) does not answer: \(words)",
                        fix: engine.reachFix)
                ]
            }
        }
        if let info = try? runner.run(
            podman(["info", "--format", "{{.Host.OCIRuntime.Name}} {{.Host.CgroupsVersion}}"], timeout: 30)),
            info.succeeded
        {
            checks.append(
                .init(
                    name: "runtime", status: .ok,
                    detail: info.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines), fix: nil))
        } else {
            checks.append(
                .init(
                    name: "runtime", status: .fail, detail: "`podman info` failed",
                    fix: "run scripts/setup-podman.sh (runc runtime and explicit ulimits for this machine)"))
        }
        let exists = (try? runner.run(podman(["image", "exists", probeImage], timeout: 30)))?.succeeded == true
        if !exists {
            checks.append(
                .init(
                    name: "trial run", status: .warn, detail: "probe image \(probeImage) is missing, no trial run made",
                    fix: engine.isRemote
                        ? "copy it there: podman save -o probe.tar \(probeImage) && podman \(engine.displayArguments.joined(separator: " ")) load -i probe.tar"
                        : "run scripts/setup-podman.sh, which builds it from busybox-static and tries a container"))
        } else if let trial = try? runner.run(
            podman(["run", "--rm", "--label", "podserve-gate=1", probeImage, "/bin/busybox", "true"], timeout: 60)),
            trial.succeeded
        {
            checks.append(
                .init(
                    name: "trial run", status: .ok,
                    detail: "podman run --rm \(probeImage) worked in \(String(format: "%.2f", trial.duration)) s",
                    fix: nil))
            checks.append(publishedPortCheck())
        } else {
            checks.append(
                .init(
                    name: "trial run", status: .fail, detail: "a trivial podman run failed",
                    fix:
                        "run scripts/setup-podman.sh: it applies the runc runtime + default_ulimits drop-in this machine kind needs"
                ))
        }
        return checks
    }

    /// A podman call to the checked engine.
    func podman(_ args: [String], timeout: TimeInterval) -> ProcessSpec {
        ProcessSpec("podman", engine.arguments + args, environment: engine.podmanEnvironment, timeout: timeout)
    }

    /// One line per service image: missing, not built from this workspace's HEAD (another context tree, no
    /// label, or built by another workspace sharing the image name), or up to date.
    func imageChecks(_ workspace: Workspace, podmanWorks: Bool) -> [DoctorCheck] {
        guard podmanWorks else { return [] }
        let catalog = Catalog(source: WorkTreeSource(workspace))
        let images = Podman(runner: runner, target: engine)
        var checks: [DoctorCheck] = []
        for name in (try? catalog.serviceNames()) ?? [] {
            guard let plan = try? catalog.plan(of: name) else { continue }
            let image = plan.image ?? "localhost/podserve-\(name):latest"
            let info: ImageInfo?
            do { info = try images.imageInfo(image) } catch {
                checks.append(
                    .init(
                        name: "image \(name)", status: .warn,
                        detail: "cannot inspect \(image): \(error.localizedDescription)", fix: nil))
                continue
            }
            let provenance: BuildProvenance?
            do { provenance = try BuildProvenance.atHead(workspace: workspace, service: name, plan: plan) } catch {
                checks.append(
                    .init(
                        name: "image \(name)", status: .warn, detail: error.localizedDescription,
                        fix: "commit services/\(name) (its build context), then podserve-gate build \(name)"))
                continue
            }
            guard let provenance else {
                checks.append(
                    info == nil
                        ? .init(
                            name: "image \(name)", status: .warn, detail: "\(image) is missing",
                            fix: "build or load \(image)")
                        : .init(
                            name: "image \(name)", status: .ok, detail: "\(image) (no build: context, used as is)",
                            fix: nil))
                continue
            }
            switch provenance.judge(info) {
            case .fresh:
                checks.append(
                    .init(
                        name: "image \(name)", status: .ok,
                        detail:
                            "\(image) built from HEAD's \(provenance.contextPath) (tree \(provenance.contextTree.prefix(12)))",
                        fix: nil))
            case .missing:
                checks.append(
                    .init(
                        name: "image \(name)", status: .warn, detail: "\(image) is missing",
                        fix: "podserve-gate build \(name)"))
            case .stale(let reason):
                checks.append(
                    .init(
                        name: "image \(name)", status: .warn,
                        detail: "\(image) is not built from this workspace's HEAD: \(reason)",
                        fix: "podserve-gate build \(name)"))
            }
        }
        return checks
    }

    func gitChecks(_ repo: Repository) -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        if let identity = try? repo.identity() {
            checks.append(.init(name: "git identity", status: .ok, detail: identity.signOff, fix: nil))
        } else {
            checks.append(
                .init(
                    name: "git identity", status: .fail, detail: "user.name / user.email not set",
                    fix: "git config --global user.name \"Your Name\" && git config --global user.email you@example.com"
                ))
        }
        guard repo.configBool("commit.gpgsign") == true else {
            checks.append(
                .init(
                    name: "signing", status: .warn, detail: "commit.gpgsign is off: transitions are not signed",
                    fix:
                        "git config commit.gpgsign true; git config gpg.format ssh; git config user.signingkey ~/.ssh/id_ed25519.pub"
                ))
            return checks
        }
        let format = repo.configString("gpg.format") ?? "openpgp"
        let key = repo.configString("user.signingkey")
        let program =
            format == "ssh"
            ? (repo.configString("gpg.ssh.program") ?? "ssh-keygen") : (repo.configString("gpg.program") ?? "gpg")
        let found =
            (try? runner.run(ProcessSpec("sh", ["-c", "command -v \"$0\"", program], timeout: 10)))?.succeeded == true
        if !found {
            checks.append(
                .init(
                    name: "signing", status: .fail, detail: "\(program) (for gpg.format \(format)) is not installed",
                    fix: format == "ssh" ? "apt-get install -y openssh-client" : "apt-get install -y gnupg"))
        } else if format == "ssh", let key, !key.hasPrefix("ssh-"),
            !FileManager.default.fileExists(atPath: (key as NSString).expandingTildeInPath)
        {
            checks.append(
                .init(
                    name: "signing", status: .fail, detail: "user.signingkey \(key) does not exist",
                    fix: "ssh-keygen -t ed25519 -f \(key.replacingOccurrences(of: ".pub", with: ""))"))
        } else {
            let allowed = repo.configString("gpg.ssh.allowedSignersFile")
            checks.append(
                .init(
                    name: "signing", status: .ok,
                    detail: "\(format) via \(program), key \(key ?? "(committer identity)")"
                        + (format == "ssh" && allowed == nil
                            ? "; no gpg.ssh.allowedSignersFile, so `verify --require-signatures` needs --allowed-signers"
                            : ""),
                    fix: nil))
        }
        return checks
    }
}
