import Foundation
import TestSupport
import Testing

/// Issue 10, part 3: no file under services/, gates/ or base-images.yaml is read or written through a
/// symbolic link (committed or only local), and programs given as paths stay inside the workspace. Each
/// refusal is exit 2 naming the path, and the folders the links point at are unchanged afterwards.
@Suite(.blocking) struct HostileWorkspaceTests {
    /// A folder outside every workspace, with one file in it, that a link may point at.
    static func outsideFolder(_ files: [String: String] = ["secret.txt": "SECRET-MARKER-\(UUID().uuidString)\n"]) throws
        -> String
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        return dir
    }

    /// Every entry below `dir` (links not followed) with its bytes, to compare before and after a run.
    static func snapshot(_ dir: String) -> [String: Data] {
        var result: [String: Data] = [:]
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: dir)) ?? []
        for name in names {
            result[name] = FileManager.default.contents(atPath: dir + "/" + name) ?? Data()
        }
        return result
    }

    static func link(_ ws: GitSandbox, _ path: String, to target: String) throws {
        let full = ws.root + "/" + path
        try? FileManager.default.removeItem(atPath: full)
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: target)
    }

    @Test func committedPlanLinkedToASecretIsRefusedWithoutPrintingIt() throws {
        let ws = try GitSandbox.workspace()
        let outside = try Self.outsideFolder()
        defer { ws.remove(); try? FileManager.default.removeItem(atPath: outside) }
        try ws.expectGate(["new", "s1"])
        try Self.link(ws, "services/s1/service.yaml", to: outside + "/secret.txt")
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "plan is a link")
        let before = Self.snapshot(outside)
        for arguments in [["check", "s1"], ["status"], ["status", "--ref", "HEAD"], ["plan"], ["advance", "s1"]] {
            let result = try ws.gate(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stdout)\(result.stderr)")
            // Named by the work-tree reader ("is a symbolic link") or by the sealed snapshot of HEAD ("is a symlink").
            #expect(result.stderr.contains("services/s1/service.yaml is a sym"), "\(arguments): \(result.stderr)")
            #expect(!(result.stdout + result.stderr).contains("SECRET-MARKER"), "\(arguments) printed the linked file")
        }
        #expect(Self.snapshot(outside) == before)
    }

    @Test func committedServiceFolderLinkedOutsideIsNotRead() throws {
        let ws = try GitSandbox.workspace()
        let outside = try Self.outsideFolder([
            "state.yaml": "phase: ready\n", "service.yaml": GitSandbox.completePlan("evil"),
        ])
        defer { ws.remove(); try? FileManager.default.removeItem(atPath: outside) }
        try ws.expectGate(["new", "dns"])
        try Self.link(ws, "services/evil", to: outside)
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "evil link")
        let before = Self.snapshot(outside)
        for arguments in [["status"], ["status", "--ref", "HEAD"], ["check", "dns"]] {
            let result = try ws.gate(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stdout)\(result.stderr)")
            #expect(
                result.stderr.contains("services/evil is a symbolic link to \(outside)"),
                "\(arguments): \(result.stderr)")
            #expect(!result.stdout.contains("ready"), "\(arguments): \(result.stdout)")
        }
        #expect(Self.snapshot(outside) == before)
    }

    /// A folder that holds a state or plan under a name no command accepts (`Mail`, an escape sequence) is no
    /// service, but it does not vanish without a word: the whole board is printed, then `status` fails naming
    /// the folder (escaped), and `doctor` shows a failing line for it; asking for a valid service still works.
    @Test func foldersWhoseNameIsNoServiceAreNamedNotHidden() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        try ws.write("services/Mail/state.yaml", "phase: ready\n")
        try ws.write("services/x\u{1B}[2Jy/service.yaml", GitSandbox.completePlan("x"))
        try ws.write("services/notes/README.md", "no plan, no state: not a service and not an error\n")
        let board = try ws.gate(["status"])
        #expect(board.status == 2, "\(board.stderr)")
        #expect(board.stdout.contains("dns") && !board.stdout.contains("Mail"), "\(board.stdout)")
        #expect(board.stderr.contains("services/Mail holds a plan or state but is no service"), "\(board.stderr)")
        #expect(board.stderr.contains("services/x\\u001B[2Jy holds a plan"), "\(board.stderr)")
        #expect(!board.stderr.contains("\u{1B}") && !board.stderr.contains("services/notes"), "\(board.stderr)")
        #expect(try ws.gate(["status", "--format", "json"]).status == 2)
        #expect(try ws.gate(["status", "dns"]).status == 0)
        let doctor = try ws.gate(["doctor"])
        #expect(
            doctor.stdout.contains("FAIL services/Mail: holds a plan or state but is no service"), "\(doctor.stdout)")
    }

    /// The tool's own files are kilobytes: one past 16 MiB, in the work tree or in a forged commit, is refused
    /// before it is read (its size from the file or the object header), exit 2 naming the path and the commit,
    /// instead of being held whole in memory (a 150 MB state blob cost `verify` about 490 MB).
    @Test func anOversizedOwnFileIsRefusedUnread() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.expectGate(["new", "dns"])
        let huge = "phase: isolation\n# " + String(repeating: "a", count: 17 << 20) + "\n"
        try ws.write("services/dns/state.yaml", huge)
        let board = try ws.gate(["status"])
        #expect(board.status == 2, "\(board.stdout)")
        #expect(
            (board.stdout + board.stderr).contains("services/dns/state.yaml is \(huge.utf8.count) bytes, past the"),
            "\(board.stdout)\(board.stderr)")
        try ws.git("commit", "-qam", "a forged, huge state")
        let commit = try ws.git("rev-parse", "--short=12", "HEAD")
        try ws.git("checkout", "-q", "HEAD~1", "--", "services/dns/state.yaml")
        for arguments in [["verify", "--no-cache"], ["status", "--ref", "HEAD"]] {
            let result = try ws.gate(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stdout)\(result.stderr)")
            #expect(
                (result.stdout + result.stderr).contains("services/dns/state.yaml in commit \(commit) is "),
                "\(arguments): \(result.stdout)\(result.stderr)")
        }
    }

    @Test func localEvidenceLinkIsRefusedAndNothingIsWrittenThere() throws {
        let ws = try GitSandbox.workspace()
        let outside = try Self.outsideFolder([:])
        defer { ws.remove(); try? FileManager.default.removeItem(atPath: outside) }
        try ws.expectGate(["new", "s1"])
        try ws.preparePlanning("s1")
        try Self.link(ws, "services/s1/evidence", to: outside)
        let head = try ws.git("rev-parse", "HEAD")
        let result = try ws.gate("advance", "s1")
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        // advance's preflight refuses the uncommitted link as an input that differs from HEAD, naming it.
        #expect(result.stderr.contains("services/s1/evidence"), "\(result.stderr)")
        #expect(Self.snapshot(outside).isEmpty, "advance wrote through the link: \(Self.snapshot(outside).keys)")
        #expect(try ws.git("rev-parse", "HEAD") == head)
        #expect(ws.read("services/s1/state.yaml")?.contains("phase: planning") == true)
    }

    @Test func gatesFolderLinkedOutsideIsNotWrittenByInit() throws {
        let ws = try GitSandbox()
        let outside = try Self.outsideFolder()
        defer { ws.remove(); try? FileManager.default.removeItem(atPath: outside) }
        try Self.link(ws, "gates", to: outside)
        let before = Self.snapshot(outside)
        let result = try ws.gate("init")
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("gates is a symbolic link"), "\(result.stderr)")
        #expect(Self.snapshot(outside) == before)
    }

    /// A `kind: command` validator whose program leaves the workspace is refused before it runs.
    @Test func commandValidatorProgramsMustStayInsideTheWorkspace() throws {
        let outside = try Self.outsideFolder([:])
        let marker = outside + "/ran"
        let script = outside + "/escape.sh"
        try Data("#!/bin/sh\ntouch \(marker)\n".utf8).write(to: URL(fileURLWithPath: script))
        chmod(script, 0o755)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try Self.link(ws, "gates/checks/linked.sh", to: script)
        let relativeOut =
            String(repeating: "../", count: ws.root.split(separator: "/").count) + String(script.dropFirst())
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        try ws.expectGate(["new", "dns"])
        try ws.preparePlanning("dns")
        for program in [
            script, "../\((outside as NSString).lastPathComponent)/escape.sh", relativeOut, "gates/checks/linked.sh",
            "./gates/../../escape.sh",
        ] {
            let entry =
                "validators:\n  - id: escape\n    kind: command\n    command: [\"\(program)\"]\n    timeout: 10s\n"
            try ws.write("gates/1-planning.yaml", gate.replacingOccurrences(of: "validators:", with: entry))
            try ws.git("add", "-A")
            try ws.git("commit", "-qm", "gate runs \(program)")
            let result = try ws.gate("check", "dns")
            #expect(result.status == 2, "\(program): \(result.stdout)\(result.stderr)")
            #expect(
                result.stderr.contains("gates/1-planning.yaml: validator 'escape' command '\(program)'"),
                "\(result.stderr)")
            #expect(result.stderr.contains("outside the workspace"), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: marker), "\(program) ran")
        }
        // A bare name is still looked up on PATH, and a script inside gates/checks/ still runs.
        try ws.write("gates/checks/ok.sh", "#!/bin/sh\nexit 0\n")
        chmod(ws.root + "/gates/checks/ok.sh", 0o755)
        for program in ["true", "gates/checks/ok.sh", "./gates/checks/ok.sh", ws.root + "/gates/checks/ok.sh"] {
            let entry =
                "validators:\n  - id: fine\n    kind: command\n    command: [\"\(program)\"]\n    timeout: 10s\n"
            try ws.write("gates/1-planning.yaml", gate.replacingOccurrences(of: "validators:", with: entry))
            let result = try ws.gate("check", "dns")
            #expect(result.status == 0, "\(program): \(result.stdout)\(result.stderr)")
        }
    }
}

/// `build:` contexts must stay inside the workspace too (needs podman: the image lookup comes first).
@Suite(.podman)
struct HostileBuildContextTests {
    @Test func buildContextOutsideTheWorkspaceIsRefused() throws {
        let outside = try HostileWorkspaceTests.outsideFolder(["Containerfile": "FROM scratch\n"])
        let ws = try GitSandbox.workspace()
        defer { ws.remove(); try? FileManager.default.removeItem(atPath: outside) }
        try ws.expectGate([
            "new", "s1", "--image", "localhost/podserve-hostile-\(UUID().uuidString.prefix(8).lowercased()):latest",
        ])
        try HostileWorkspaceTests.link(ws, "services/s1/ctx", to: outside)
        let plan = try #require(ws.read("services/s1/service.yaml"))
        let before = HostileWorkspaceTests.snapshot(outside)
        for context in [outside, "../../..", "ctx"] {
            let lines = plan.components(separatedBy: "\n").map { $0.hasPrefix("build:") ? "build: \"\(context)\"" : $0 }
            try ws.write("services/s1/service.yaml", lines.joined(separator: "\n"))
            let result = try ws.gate("build", "s1")
            #expect(result.status == 2, "\(context): \(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("services/s1/service.yaml: build '\(context)'"), "\(result.stderr)")
            #expect(result.stderr.contains("outside the workspace"), "\(result.stderr)")
        }
        #expect(HostileWorkspaceTests.snapshot(outside) == before)
    }
}
