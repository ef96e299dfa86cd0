import Foundation
import TestSupport
import Testing

/// Issue 10, part 4 (output): a validator's output is streamed and only its head and tail are kept, so a
/// `kind: command` validator printing 1 GB leaves the tool's memory flat.
@Suite(.blocking) struct BoundedOutputTests {
    /// Peak resident set size (VmHWM, bytes) of a running process, read from /proc; nil once it is gone.
    static func peakRSS(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1])
        else { return nil }
        return kb * 1024
    }

    @Test func oneGigabyteOfValidatorOutputKeepsTheToolUnder100MB() throws {
        let script = """
            #!/bin/sh
            echo FIRST-LINE-OF-OUTPUT
            head -c 1073741824 /dev/zero | tr '\\0' 'x'
            echo
            echo LAST-LINE-OF-OUTPUT
            """
        let ws = try CommandValidatorTests.workspace(check: "flood", script: script + "\n", timeout: "300s")
        defer { ws.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GateCLI.binary)
        process.arguments = ["-C", ws.root, "check", "dns", "--format", "json"]
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("flood-\(UUID().uuidString).json")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = FileHandle.nullDevice
        try process.run()
        var peak = 0
        while process.isRunning {
            if let rss = Self.peakRSS(process.processIdentifier) { peak = max(peak, rss) }
            usleep(20_000)
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(peak > 0, "no RSS sample was taken")
        #expect(peak < 100 * 1024 * 1024, "peak RSS \(peak / 1024 / 1024) MB while the validator printed 1 GB")
        let report = String(decoding: try Data(contentsOf: out), as: UTF8.self)
        // Head and tail are both kept, with the size of what was left out in between.
        #expect(report.contains("FIRST-LINE-OF-OUTPUT"), "\(report.prefix(2000))")
        #expect(report.contains("LAST-LINE-OF-OUTPUT"), "\(report.prefix(2000))")
        #expect(report.utf8.count < 200_000)
    }
}
