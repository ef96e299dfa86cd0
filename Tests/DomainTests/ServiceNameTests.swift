import Domain
import Testing

@Suite struct ServiceNameTests {
    @Test(arguments: ["mail", "dns", "web-proxy", "a", "a1-2", String(repeating: "a", count: 63)])
    func validNames(name: String) throws {
        #expect(try ServiceName(name).rawValue == name)
        #expect(ServiceName.isValid(name))
    }

    @Test(arguments: [
        "../x", "Mail", "a b", "", "1mail", "-x", "mail_1", "mäil", String(repeating: "a", count: 64), "x/y",
    ])
    func invalidNames(name: String) {
        let error = #expect(throws: ServiceNameError.self) { try ServiceName.validate(name) }
        let message = error?.localizedDescription ?? ""
        #expect(message.contains(ServiceName.pattern))
        #expect(message.contains("e.g. mail"))
        #expect(message.contains("'\(name)'"))
    }

    @Test func ruleIsNamed() {
        #expect(throws: ServiceNameError.invalid("Mail", .firstCharacter("M"))) { try ServiceName.validate("Mail") }
        #expect(throws: ServiceNameError.invalid("a b", .character(" "))) { try ServiceName.validate("a b") }
        #expect(throws: ServiceNameError.invalid("", .empty)) { try ServiceName.validate("") }
        #expect(throws: ServiceNameError.invalid("../x", .firstCharacter("."))) { try ServiceName.validate("../x") }
    }
}
