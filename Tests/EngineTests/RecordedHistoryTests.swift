import Domain
import Foundation
import Testing

@testable import Engine

/// Values read back from history keep what they say: a kind or status this version does not know is an explicit
/// `.unrecognized`, never a decoding failure that hides the rest of the file, nor a silent default.
@Suite struct RecordedHistoryTests {
    @Test func recordKindsReadAndWriteAsTheirText() throws {
        #expect(RecordKind("soak") == .validator(.soak))
        #expect(RecordKind("approvals") == .approvals)
        #expect(RecordKind("quantum-check") == .unrecognized("quantum-check"))
        for text in ["soak", "approvals", "quantum-check", "startup-time"] {
            #expect(RecordKind(text).text == text)
        }
    }

    @Test func evidenceWithAnUnknownKindDecodesAndWritesItBackUnchanged() throws {
        let record =
            #"{"id":"x","kind":"quantum-check","status":"pass","attempts":1,"passes":1,"duration_ms":1,"message":"","metrics":{},"output":""}"#
        let decoded = try JSONDecoder().decode(ValidatorRecord.self, from: Data(record.utf8))
        #expect(decoded.kind == .unrecognized("quantum-check"))
        let again = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(decoded)) as? [String: Any]
        #expect(again?["kind"] as? String == "quantum-check")
    }

    @Test func recordedStatusesKeepUnknownText() throws {
        #expect(Recorded<ValidatorStatus>("waived") == .known(.waived))
        #expect(Recorded<ValidatorStatus>("maybe") == .unrecognized("maybe"))
        #expect(Recorded<Phase>("integration-planning") == .known(.integrationPlanning))
        #expect(Recorded<Phase>("integrationPlanning").text == "integrationPlanning")
        let evidence = try #require(
            RecordedEvidence.read(
                Data(#"{"phase":"staging","validators":[{"id":"a","status":"meh","metrics":{"n":2,"t":"x"}}]}"#.utf8)))
        #expect(evidence.phase == .unrecognized("staging"))
        #expect(evidence.validators.first?.status == .unrecognized("meh"))
        #expect(evidence.validators.first?.metrics == ["n": 2])
        #expect(RecordedEvidence.read(Data("[1,2]".utf8)) == nil)
    }

    @Test func recordedStatesKeepNoneAndUnknownText() throws {
        #expect(RecordedState("none") == .none)
        #expect(RecordedState("combination") == .phase(.combination))
        #expect(RecordedState("staging") == .unrecognized("staging"))
        #expect(RecordedState("staging").phase == nil)
        for text in ["none", "ready", "integration-planning", "staging"] {
            #expect(RecordedState(text).text == text)
            let json = try JSONEncoder().encode(RecordedState(text))
            #expect(try JSONDecoder().decode(RecordedState.self, from: json) == RecordedState(text))
        }
    }
}
