import Foundation
import TestSupport
import Testing

/// `check`/`advance --jobs N`: on a terminal (the binary run under util-linux `script`, a real pty) one line per
/// service is redrawn in place and its final frame says how each ended; piped, the output stays grouped as before.
@Suite(.blocking) struct LiveBoardTests {
    static let escape = "\u{1B}["

    /// Three services in planning whose gate has one more validator, `nap`: a second's sleep, failing for `lc…`.
    static func workspace(_ names: [String]) throws -> GitSandbox {
        let ws = try GitSandbox.workspace()
        let gate = try #require(ws.read("gates/1-planning.yaml"))
        try ws.write(
            "gates/1-planning.yaml",
            gate.replacingOccurrences(
                of: "checklist: |",
                with:
                    "  - id: nap\n    kind: command\n    command: [sh, -c, 'sleep 1; case \"$SERVICE\" in lc*) exit 1;; esac']\n    timeout: 60s\nchecklist: |"
            ))
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "a planning gate with a nap")
        for name in names {
            #expect(try ws.gate("new", name).status == 0)
            try ws.write("services/\(name)/service.yaml", GitSandbox.completePlan(name))
            try ws.tickManualItems("services/\(name)/checklists/1-planning.md")
        }
        try ws.git("add", "-A")
        try ws.git("commit", "-qm", "plans")
        return ws
    }

    /// The binary under `script -qfec` (a pty for stdin, stdout and stderr, unless `stderrTo` redirects it to a
    /// file): its exit code and everything it wrote to the terminal.
    static func onTerminal(_ ws: GitSandbox, _ arguments: [String], stderrTo file: String? = nil) throws -> GitCLIResult
    {
        var command = ([GateCLI.binary, "-C", ws.root] + arguments).map { "'\($0)'" }.joined(separator: " ")
        if let file { command += " 2>'\(file)'" }
        return try ws.run("script", ["-qfec", command, "/dev/null"])
    }

    /// The last frame drawn before the results: the `count` lines after the last cursor-up, without line clearing.
    static func finalFrame(_ output: String, count: Int) throws -> [String] {
        let up = try #require(output.range(of: "\(escape)\(count)A", options: .backwards), "no redraw in:\n\(output)")
        let lines = output[up.upperBound...].replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        return lines.prefix(count).map {
            $0.replacingOccurrences(of: "\r\(escape)2K", with: "").trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func aTerminalShowsOneRedrawnLinePerServiceEndingInEachOutcome() throws {
        let tag = UInt32.random(in: 1000...9999)
        let names = ["la\(tag)", "lb\(tag)", "lc\(tag)"]
        let ws = try Self.workspace(names)
        defer { ws.remove() }
        let check = try Self.onTerminal(ws, ["check"] + names + ["--jobs", "3"])
        #expect(check.status == 1, "\(check.stdout)")
        let frame = try Self.finalFrame(check.stdout, count: 3)
        #expect(frame.count == 3)
        #expect(frame[0].hasPrefix("\(names[0])  passed planning in "), "\(frame)")
        #expect(frame[1].hasPrefix("\(names[1])  passed planning in "), "\(frame)")
        #expect(frame[2].hasPrefix("\(names[2])  failed planning in ") && frame[2].hasSuffix(": nap"), "\(frame)")
        // Earlier frames showed the services queued or running, with the validator each was in.
        #expect(check.stdout.contains("running nap"), "\(check.stdout)")
        // The board replaces the tagged progress lines; the grouped results and the summary follow it.
        #expect(!check.stdout.contains("\(names[0]): started on"), "\(check.stdout)")
        let summary = try #require(check.stdout.range(of: "summary:"))
        let board = try #require(check.stdout.range(of: "\(Self.escape)3A", options: .backwards))
        #expect(board.upperBound < summary.lowerBound)
        // stderr into a log while stdout is the terminal: the board on the terminal, the tagged lines in the log.
        let log = ws.root + "/.progress.log"
        let logged = try Self.onTerminal(ws, ["check"] + names + ["--jobs", "3"], stderrTo: log)
        #expect(logged.status == 1)
        #expect(try Self.finalFrame(logged.stdout, count: 3).count == 3)
        let lines = try String(contentsOfFile: log, encoding: .utf8)
        #expect(lines.contains("\(names[0]): started on local engine") && !lines.contains(Self.escape), "\(lines)")
        try? FileManager.default.removeItem(atPath: log)
        // advance: the two passing services land, and the final frame says where to.
        let advance = try Self.onTerminal(ws, ["advance", names[0], names[1], "--jobs", "2"])
        #expect(advance.status == 0, "\(advance.stdout)")
        let landed = try Self.finalFrame(advance.stdout, count: 2)
        for (line, name) in zip(landed, names) {
            #expect(line.hasPrefix("\(name)  landed planning -> isolation ("), "\(landed)")
        }
    }

    @Test func withoutATerminalTheOutputStaysGroupedWithTaggedProgress() throws {
        let tag = UInt32.random(in: 1000...9999)
        let names = ["la\(tag)", "lb\(tag)", "lc\(tag)"]
        let ws = try Self.workspace(names)
        defer { ws.remove() }
        let piped = try ws.gate(["check"] + names + ["--jobs", "3"])
        #expect(piped.status == 1, "\(piped.stdout)\(piped.stderr)")
        #expect(!piped.stdout.contains(Self.escape) && !piped.stderr.contains(Self.escape), "\(piped.stdout)")
        // Each service's report in the given order, then the summary, exactly as a serial run groups them.
        let serial = try ws.gate(["check"] + names)
        func skeleton(_ text: String) -> [String] {
            text.split(separator: "\n").map { line in
                line.replacingOccurrences(of: #"\d+(\.\d+)? (s|ms)"#, with: "T", options: .regularExpression)
            }
        }
        #expect(
            skeleton(piped.stdout) == skeleton(serial.stdout), "parallel:\n\(piped.stdout)\nserial:\n\(serial.stdout)")
        for name in names {
            #expect(piped.stderr.contains("\(name): started on local engine"), "\(piped.stderr)")
        }
    }
}
