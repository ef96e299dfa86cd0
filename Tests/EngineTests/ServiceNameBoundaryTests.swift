import Domain
import Foundation
import Git
import TestSupport
import Testing

@testable import Engine

/// Where a service name enters (a folder under `services/`, a command's argument, JSON) it is validated once;
/// what history holds stays text (`Recorded<ServiceName>`).
@Suite struct ServiceNameBoundaryTests {
    @Test func foldersThatAreNoServiceNameAreNoServices() throws {
        let ws = try GitSandbox()
        defer { ws.remove() }
        try ws.write("services/dns/state.yaml", "phase: planning\n")
        try ws.write("services/mail/service.yaml", "name: mail\n")
        try ws.write("services/Mail/state.yaml", "phase: planning\n")
        try ws.write("services/a b/state.yaml", "phase: planning\n")
        try ws.write("services/notes/README.md", "not a service\n")
        let catalog = Catalog(source: WorkTreeSource(Workspace(repo: try Repository.discover(startingAt: ws.root))))
        #expect(try catalog.serviceNames().sorted() == ["dns", "mail"])
        #expect(try catalog.requireService("dns") == "dns")
        #expect(throws: ServiceNameError.invalid("Mail", .firstCharacter("M"))) { try catalog.requireService("Mail") }
        #expect(throws: ServiceNameError.invalid("../dns", .firstCharacter("."))) {
            try catalog.requireService("../dns")
        }
        let unknown = #expect(throws: EngineError.self) { try catalog.requireService("web") }
        #expect(unknown?.errorDescription == "unknown service 'web' (services: dns, mail)")
    }

    @Test func namesAreWrittenAsTheirTextAndReadBackValidated() throws {
        let waiting: [ServiceName: String] = ["mail": "isolation", "dns": "planning"]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // A dictionary keyed by names stays a JSON object (as it was when keyed by text), not a list of pairs.
        #expect(
            String(decoding: try encoder.encode(waiting), as: UTF8.self) == #"{"dns":"planning","mail":"isolation"}"#)
        #expect(
            String(decoding: try encoder.encode(["dns", "mail"] as [ServiceName]), as: UTF8.self) == #"["dns","mail"]"#)
        #expect(try JSONDecoder().decode([ServiceName].self, from: Data(#"["dns"]"#.utf8)) == ["dns"])
        #expect(throws: ServiceNameError.self) {
            try JSONDecoder().decode([ServiceName].self, from: Data(#"["../x"]"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([ServiceName: String].self, from: Data(#"{"Mail":"x"}"#.utf8))
        }
    }

    @Test func historyKeepsAnyTextAndWritesItBackUnchanged() throws {
        for text in ["dns", "Mail", "../../etc", "", "a b"] {
            let recorded = Recorded<ServiceName>(text)
            #expect(recorded.text == text)
            #expect((recorded.known != nil) == ServiceName.isValid(text))
            #expect(
                String(decoding: try JSONEncoder().encode([recorded]), as: UTF8.self).contains(
                    "\"\(text.replacingOccurrences(of: "/", with: "\\/"))\""))
            #expect(
                try JSONDecoder().decode([Recorded<ServiceName>].self, from: try JSONEncoder().encode([recorded])) == [
                    recorded
                ])
        }
        #expect(Recorded<ServiceName>("Mail").refusal?.hasPrefix("invalid service name 'Mail'") == true)
        #expect(Recorded<ServiceName>("mail").refusal == nil)
        #expect(Workspace.statePath(Recorded<ServiceName>("../../etc")) == "services/../../etc/state.yaml")
        #expect(Recorded<HistoryKind>("waiver-approval") == .known(.waiverApproval))
        #expect(Recorded<HistoryKind>("promote") == .unrecognized("promote"))
    }
}
