import Domain
import Foundation
import Git
import TestSupport
import Testing

@testable import Engine

/// Issue 11 part 1: the early-stopping last-transition lookup of `status` equals a full walk (git's own log
/// order, read with the git CLI) on a history with merges, reopens and a very old transition.
@Suite(.blocking) struct LastTransitionTests {
    @Test func earlyStopEqualsAFullWalkOnMergesReopensAndOldTransitions() throws {
        let ws = try GitSandbox()
        defer { ws.remove() }
        var clock = 1_700_000_000
        func commit(_ files: [String: String], _ message: String) throws {
            clock += 60
            for (path, text) in files { try ws.write(path, text); try ws.git("add", path) }
            _ = try ws.run(
                "env",
                [
                    "GIT_COMMITTER_DATE=@\(clock) +0000", "GIT_AUTHOR_DATE=@\(clock) +0000",
                    "git", "commit", "-q", "--allow-empty", "-m", message,
                ])
        }
        func transition(_ service: String, _ from: String, _ to: String, reason: String? = nil) throws {
            let trailers =
                "Gate-Service: \(service)\nGate-From: \(from)\nGate-To: \(to)\n"
                + (reason.map { "Gate-Reason: \($0)\n" } ?? "") + "Signed-off-by: T <t@e>"
            try commit(
                ["services/\(service)/state.yaml": "phase: \(to)\n"],
                "gate(\(service)): \(from) -> \(to)\n\n\(trailers)")
        }
        try transition("old", "none", "planning")  // very old: never touched again
        for i in 0..<30 { try commit(["src/\(i).txt": "\(i)\n"], "src \(i)") }
        try transition("a", "none", "planning")
        try transition("b", "none", "planning")
        try ws.git("checkout", "-q", "-b", "side")
        try transition("b", "planning", "isolation")
        try commit(["src/side.txt": "s\n"], "side work")
        try ws.git("checkout", "-q", "main")
        try transition("a", "planning", "isolation")
        try transition("a", "isolation", "planning", reason: "image changed")
        clock += 60
        _ = try ws.run(
            "env",
            [
                "GIT_COMMITTER_DATE=@\(clock) +0000", "GIT_AUTHOR_DATE=@\(clock) +0000",
                "git", "merge", "-q", "--no-ff", "-m", "merge side", "side",
            ])
        for i in 0..<5 { try commit(["src/after\(i).txt": "\(i)\n"], "after \(i)") }

        let repo = try Repository.discover(startingAt: ws.root)
        let tip = try #require(try repo.head().commit)
        let fast = try TransitionLog.latest(repo: repo, from: tip, services: ["a", "b", "old", "missing"])
        // The reference: the first commit in `git log` order whose Gate-Service trailer names the service.
        let log = try ws.git("log", "--format=%H %(trailers:key=Gate-Service,valueonly,separator=)")
        var reference: [String: String] = [:]
        for line in log.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2, reference[parts[1]] == nil { reference[parts[1]] = parts[0] }
        }
        #expect(Set(fast.keys) == ["a", "b", "old"])
        for service: ServiceName in ["a", "b", "old"] {
            #expect(fast[service]?.commit.hex == reference[service.rawValue], "\(service)")
        }
        #expect(fast["a"]?.to == .phase(.planning) && fast["a"]?.reason == "image changed")
        #expect(fast["b"]?.to == .phase(.isolation))
    }
}
