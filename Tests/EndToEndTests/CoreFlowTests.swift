import Foundation
import TestSupport
import Testing

/// The issue's walkthrough, run as a user runs it, with the git CLI as the independent reader.
@Suite(.blocking) struct CoreFlowTests {
    @Test func initNewAdvanceWritesOneTransitionCommitWithTrailers() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "dns").status == 0)
        #expect(try ws.gate("new", "mail", "--depends-on", "dns").status == 0)
        try ws.preparePlanning("dns")
        let before = try ws.git("rev-parse", "HEAD")
        let result = try ws.gate("advance", "dns")
        #expect(result.status == 0, "\(result.stderr)\(result.stdout)")
        #expect(try ws.git("rev-list", "--count", "\(before)..HEAD") == "1")
        #expect(try ws.git("log", "-1", "--format=%s") == "gate(dns): planning -> isolation")
        let trailers = try ws.git(["interpret-trailers", "--parse"], input: try ws.git("log", "-1", "--format=%B"))
        let evidenceBlob = try ws.git("rev-parse", "HEAD:services/dns/evidence/1-planning.json")
        #expect(trailers.contains("Gate-Service: dns"))
        #expect(trailers.contains("Gate-From: planning"))
        #expect(trailers.contains("Gate-To: isolation"))
        #expect(trailers.contains("Gate-Evidence: \(evidenceBlob)"))
        #expect(trailers.contains("Signed-off-by: Test Person <test@example.com>"))
        #expect(ws.read("services/dns/state.yaml")?.contains("phase: isolation") == true)
        let fsck = try ws.run("git", ["fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.stderr)")
        #expect(try ws.porcelain().isEmpty)
        let evidence = try #require(ws.read("services/dns/evidence/1-planning.json"))
        #expect(evidence.contains("\"status\" : \"pass\""))
        #expect(evidence.contains("\"tool_version\""))
        let status = try ws.gate("status", "--format", "json")
        #expect(status.status == 0)
        #expect(status.stdout.contains("\"phase\" : \"isolation\""))
        #expect(status.stdout.contains("\"phase\" : \"planning\""))
    }

    @Test func creationCommitHasNoneFromAndOnlyTheServiceFiles() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "dns").status == 0)
        let files = try ws.git("show", "--name-only", "--format=", "HEAD").split(separator: "\n").map(String.init)
        #expect(files.allSatisfy { $0.hasPrefix("services/dns/") })
        #expect(files.contains("services/dns/state.yaml"))
        #expect(files.contains("services/dns/checklists/6-production.md"))
        let trailers = try ws.git(["interpret-trailers", "--parse"], input: try ws.git("log", "-1", "--format=%B"))
        #expect(trailers.contains("Gate-From: none"))
        #expect(trailers.contains("Gate-To: planning"))
        #expect(try ws.gate("new", "dns").status == 2)
    }

    @Test func stagedUnrelatedFileStaysStagedAndOutOfTheCommit() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        try ws.write("notes.txt", "mine\n")
        try ws.git("add", "notes.txt")
        try ws.write("scratch.txt", "untracked\n")
        #expect(try ws.gate("new", "dns").status == 0)
        #expect(try ws.git("show", "--name-only", "--format=", "HEAD").contains("notes.txt") == false)
        #expect(try ws.porcelain() == ["?? scratch.txt", "A  notes.txt"])
    }

    @Test func unbornBranchGetsARootTransitionCommit() throws {
        let ws = try GitSandbox()
        defer { ws.remove() }
        #expect(try ws.gate("init").status == 0)
        let result = try ws.gate("new", "dns")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try ws.git("rev-list", "--count", "HEAD") == "1")
        #expect(try ws.git("log", "-1", "--format=%s") == "gate(dns): none -> planning")
    }

    @Test(arguments: ["../x", "Mail", "a b", ""])
    func invalidNamesExit2(name: String) throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let result = try ws.gate("new", name)
        #expect(result.status == 2, "\(name): \(result.stderr)")
        #expect(result.stderr.contains("error"))
    }

    @Test func malformedPlanExit2WithFileLineColumn() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "dns").status == 0)
        try ws.write("services/dns/service.yaml", "name: dns\nscope: [unclosed\nports: 53\n")
        let result = try ws.gate("check", "dns")
        #expect(result.status == 2)
        #expect(result.stderr.contains("services/dns/service.yaml:"), "\(result.stderr)")
        #expect(
            result.stderr.range(of: #"service\.yaml:\d+:\d+"#, options: .regularExpression) != nil, "\(result.stderr)")
    }

    @Test func wrongUnitNamesKeyPathAndValue() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "dns").status == 0)
        try ws.write(
            "services/dns/service.yaml",
            GitSandbox.completePlan("dns").replacingOccurrences(of: "memory: 100MB", with: "memory: lots"))
        let result = try ws.gate("check", "dns")
        #expect(result.status == 2)
        #expect(result.stderr.contains("targets.memory"), "\(result.stderr)")
        #expect(result.stderr.contains("lots"))
    }

    @Test func dependencyCycleFailsPlanningNamingTheCycle() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "a").status == 0)
        #expect(try ws.gate("new", "b").status == 0)
        try ws.preparePlanning("a", dependsOn: ["b"])
        try ws.preparePlanning("b", dependsOn: ["a"])
        let before = try ws.git("rev-parse", "HEAD")
        let result = try ws.gate("advance", "a")
        #expect(result.status == 1)
        #expect(result.stdout.contains("a -> b -> a"), "\(result.stdout)")
        #expect(try ws.git("rev-parse", "HEAD") == before)
        #expect(try ws.porcelain().isEmpty)
    }

    @Test func uncheckedManualItemsBlockAndAreListed() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "dns").status == 0)
        try ws.write("services/dns/service.yaml", GitSandbox.completePlan("dns"))
        try ws.git("commit", "-qam", "plan")
        let result = try ws.gate("advance", "dns")
        #expect(result.status == 1)
        #expect(result.stdout.contains("TODO services/dns/checklists/1-planning.md:"))
        #expect(ws.read("services/dns/state.yaml")?.contains("planning") == true)
    }

    @Test func handEditedStateIsRefused() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "dns").status == 0)
        try ws.preparePlanning("dns")
        try ws.write("services/dns/state.yaml", "phase: production\n")
        let result = try ws.gate("advance", "dns")
        #expect(result.status == 2)
        #expect(result.stderr.contains("services/dns/state.yaml"))
    }

    @Test func reopenRefusesAHandEditedState() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "dns").status == 0)
        try ws.preparePlanning("dns")
        #expect(try ws.gate("advance", "dns").status == 0)
        try ws.write("services/dns/state.yaml", "phase: production\n")
        let before = try ws.git("rev-parse", "HEAD")
        let result = try ws.gate("reopen", "dns", "--to", "planning", "--reason", "image changed")
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("services/dns/state.yaml differs from HEAD"))
        #expect(try ws.git("rev-parse", "HEAD") == before)
    }

    @Test func tenConcurrentAdvancesAllLand() async throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        let names = (0..<10).map { "svc\($0)" }
        for name in names {
            #expect(try ws.gate("new", name).status == 0)
            try ws.write("services/\(name)/service.yaml", GitSandbox.completePlan(name))
            try ws.tickManualItems("services/\(name)/checklists/1-planning.md")
        }
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "plans")
        let results = try await withThrowingTaskGroup(of: GitCLIResult.self) { group in
            for name in names { group.addTask { try ws.gate("advance", name, "--quiet") } }
            return try await group.reduce(into: [GitCLIResult]()) { $0.append($1) }
        }
        let diff = try ws.run("git", ["diff"]).stdout + (try ws.run("git", ["log", "--stat", "-3"]).stdout)
        #expect(results.map(\.status) == Array(repeating: 0, count: 10), "\(results.map(\.stderr)) \(diff)")
        #expect(try ws.porcelain().isEmpty)
        for name in names {
            #expect(try ws.git("show", "HEAD:services/\(name)/state.yaml").contains("isolation"))
        }
        #expect(try ws.run("git", ["fsck", "--strict"]).status == 0)
    }

    @Test func globalDirectoryOptionWorksBeforeAndAfterTheSubcommand() throws {
        let ws = try GitSandbox.workspace()
        defer { ws.remove() }
        #expect(try ws.gate("new", "dns").status == 0)
        let elsewhere = FileManager.default.temporaryDirectory.path
        for args in [["-C", ws.root, "status", "--format", "json"], ["status", "-C", ws.root, "--format", "json"]] {
            let result = try ws.run(GateCLI.binary, args, in: elsewhere)
            #expect(result.status == 0, "\(args): \(result.stderr)")
            #expect(result.stdout.contains("\"service\" : \"dns\""))
        }
        let outside = try ws.run(GateCLI.binary, ["status"], in: elsewhere)
        #expect(outside.status == 3, "not a git repository is an environment problem")
        #expect(outside.stderr.contains("not a git repository"))
    }
}
