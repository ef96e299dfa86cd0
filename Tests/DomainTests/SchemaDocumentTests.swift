import Foundation
import Testing

@testable import Domain

/// The schemas name exactly the keys the parsers accept, so an editor never offers a key the tool refuses.
@Suite struct SchemaDocumentTests {
    static func properties(_ schema: [String: Any]) -> Set<String> {
        Set((schema["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
    }

    @Test func serviceSchemaNamesThePlanKeys() {
        let schema = SchemaDocument.service()
        #expect(Self.properties(schema) == Set(ServicePlan.knownKeys))
        #expect(schema["additionalProperties"] as? Bool == false)
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test func gateSchemaNamesTheGateKeys() throws {
        let schema = SchemaDocument.gate()
        #expect(Self.properties(schema) == Set(GateDefinition.topKeys))
        let validators = try #require((schema["properties"] as? [String: Any])?["validators"] as? [String: Any])
        let items = try #require(validators["items"] as? [String: Any])
        #expect(Self.properties(items) == Set(GateDefinition.validatorKeys))
    }

    @Test func jsonIsStable() {
        #expect(SchemaDocument.json(SchemaDocument.service()) == SchemaDocument.json(SchemaDocument.service()))
        #expect(SchemaDocument.json(SchemaDocument.gate()).hasPrefix("{\n"))
    }
}
