import Domain
import Foundation
import Testing
import Yams

@testable import Engine

/// Issue 15, part 4: podman's JSON is decoded into `Decodable` shapes, leniently per field as before, and
/// sizes go through Domain's one unit parser; approval files are written through the one YAML quoting rule.
@Suite struct PodmanJSONTests {
    static let command = "podman inspect x"

    @Test func imageInspectReadsTheFieldsTheGatesUse() throws {
        let json = """
            [{"Id": "sha256:abc", "Digest": "sha256:def", "Labels": {"outer": "1"},
              "Config": {"User": "app", "Env": ["PATH=/bin", "EMPTY=", "BARE", "EQ=a=b"], "ExposedPorts": {"53/udp": {}, "8080/tcp": {}},
                         "Cmd": ["/svc/run"], "Entrypoint": null, "Labels": {"io.podserve-gate.context": "tree1"}}}]
            """
        let info = try PodmanJSON.image(Data(json.utf8), command: Self.command)
        #expect(
            info
                == ImageInfo(
                    id: "sha256:abc", digest: "sha256:def", user: "app",
                    env: ["PATH": "/bin", "EMPTY": "", "BARE": "", "EQ": "a=b"], exposedPorts: ["53/udp", "8080/tcp"],
                    command: ["/svc/run"], entrypoint: [], labels: ["io.podserve-gate.context": "tree1"]))
    }

    @Test func fieldsOfAnotherShapeReadAsAbsent() throws {
        // Config labels null: the image's own labels; a number where text belongs: empty, as the untyped reader did.
        let json = #"[{"Id": 7, "Labels": {"a": "b"}, "Config": {"User": 0, "Labels": null, "Cmd": "sh -c x"}}]"#
        let info = try PodmanJSON.image(Data(json.utf8), command: Self.command)
        #expect(
            info.id == "" && info.user == "" && info.command == [] && info.labels == ["a": "b"] && info.digest == nil)
    }

    @Test func containerStateReadsEitherHealthSpelling() throws {
        let podman4 =
            #"[{"State": {"Status": "running", "Running": true, "ExitCode": 0, "OOMKilled": false, "Healthcheck": {"Status": "healthy"}, "StartedAt": "2026-11-30T20:00:01.123456789Z"}}]"#
        let state = try PodmanJSON.state(Data(podman4.utf8), command: Self.command)
        #expect(
            state.status == "running" && state.running && state.exitCode == 0 && !state.oomKilled
                && state.health == "healthy")
        #expect(state.startedAt.map { abs($0.timeIntervalSince1970 - 1_796_068_801.123) < 0.001 } == true)
        let podman5 =
            #"[{"State": {"Status": "exited", "Running": false, "ExitCode": 137, "OOMKilled": true, "Health": {"Status": "unhealthy"}}}]"#
        let exited = try PodmanJSON.state(Data(podman5.utf8), command: Self.command)
        #expect(exited.exitCode == 137 && exited.oomKilled && exited.health == "unhealthy" && exited.startedAt == nil)
        let noState = #"[{"Id": "x"}]"#
        let error = #expect(throws: ContainerError.self) {
            try PodmanJSON.state(Data(noState.utf8), command: Self.command)
        }
        #expect(error == .unexpectedOutput(command: Self.command, detail: "no State object"))
    }

    @Test func statsMemoryFromBytesOrFromPodmanUnits() throws {
        #expect(try PodmanJSON.memory(Data(#"[{"mem_usage_bytes": 4096}]"#.utf8), command: Self.command) == 4096)
        #expect(
            try PodmanJSON.memory(Data(#"[{"mem_usage": "438.3kB / 25.28GB"}]"#.utf8), command: Self.command) == 438_300
        )
        #expect(
            try PodmanJSON.memory(Data(#"[{"mem_usage": "1.5MiB / 2GiB"}]"#.utf8), command: Self.command) == 1_572_864)
        let unreadable = #expect(throws: ContainerError.self) {
            try PodmanJSON.memory(Data(#"[{"mem_usage": "lots / more"}]"#.utf8), command: Self.command)
        }
        #expect(unreadable == .unexpectedOutput(command: Self.command, detail: "no readable mem_usage"))
    }

    @Test func aDocumentThatIsNoArrayOfObjectsIsNamed() {
        for (text, detail) in [(#"{"Id": "x"}"#, "not a JSON array"), ("[1, 2]", "not a JSON array")] {
            let error = #expect(throws: ContainerError.self) {
                try PodmanJSON.image(Data(text.utf8), command: Self.command)
            }
            #expect(error == .unexpectedOutput(command: Self.command, detail: detail), "\(text)")
        }
        let garbage = #expect(throws: ContainerError.self) {
            try PodmanJSON.image(Data("Error: no such image".utf8), command: Self.command)
        }
        guard case .unexpectedOutput(_, let detail)? = garbage else {
            Issue.record("\(String(describing: garbage))"); return
        }
        #expect(detail.hasPrefix("invalid JSON ("), "\(detail)")
        let empty = #expect(throws: ContainerError.self) {
            try PodmanJSON.image(Data("[]".utf8), command: Self.command)
        }
        #expect(empty == .unexpectedOutput(command: Self.command, detail: "empty array"))
    }

    @Test(arguments: ["ops: #1", "- *x", "&a role", "say \"hi\" # not a comment", "yes", "@team", "0x1F"])
    func anApprovalFileReadsBackWhateverTheGateCallsTheRole(role: String) throws {
        let approver = "Ada: \"the\" #1 <ada@example.org>"
        let text = Approver.fileContent(
            service: "dns", phase: .isolation, role: role, approver: approver, since: "none")
        let loaded = try #require(try Yams.load(yaml: text) as? [String: Any], "\(text)")
        #expect(loaded["role"] as? String == role, "\(text)")
        #expect(loaded["approver"] as? String == approver, "\(text)")
        #expect(loaded["service"] as? String == "dns" && loaded["phase"] as? String == "isolation", "\(text)")
        #expect(loaded.count == 5, "\(text)")
    }
}

/// Gate options read durations and sizes through Domain's parser, a bare number in the base unit.
@Suite struct RuntimeOptionUnitTests {
    @Test func durationsAndSizesFollowTheOneRule() throws {
        let options = RuntimeOptions([
            "bare": .string("5"), "ms": .string("1500ms"), "number": .number(2.5), "upper": .string("2S"),
            "negative": .string("-1s"), "size": .string("64MiB"), "growth": .string("10MB/h"), "bytes": .string("512"),
            "list": .list(["a"]),
        ])
        #expect(try options.seconds("bare") == 5)
        #expect(try options.seconds("ms") == 1.5)
        #expect(try options.seconds("number") == 2.5)
        #expect(try options.seconds("missing") == nil)
        for key in ["upper", "negative", "list"] {
            let error = #expect(throws: RuntimeOptionError.self) { try options.seconds(key) }
            #expect(error?.key == key)
        }
        #expect(try options.bytes("size") == 67_108_864)
        #expect(try options.bytes("growth") == 10_000_000)
        #expect(try options.bytes("bytes") == 512)
        #expect(throws: RuntimeOptionError.self) { try options.bytes("upper") }
        #expect(try options.strings("list") == ["a"])
    }
}
