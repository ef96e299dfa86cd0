import Domain
import Foundation
import Git

/// The commit message of a transition: subject, body, then the SPEC §4 trailers.
public struct TransitionMessage {
    public var service: String
    public var from: Phase?
    public var to: Phase
    public var body: [String]
    public var evidence: OID?
    public var reason: String?
    public var extraTrailers: [(String, String)] = []
    public var signOff: Identity

    public init(service: String, from: Phase?, to: Phase, body: [String], evidence: OID? = nil, reason: String? = nil,
                signOff: Identity) {
        self.service = service
        self.from = from
        self.to = to
        self.body = body
        self.evidence = evidence
        self.reason = reason
        self.signOff = signOff
    }

    public var subject: String { "gate(\(service)): \(from?.rawValue ?? "none") -> \(to.rawValue)" }

    public var text: String {
        var trailers: [(String, String)] = [
            ("Gate-Service", service),
            ("Gate-From", from?.rawValue ?? "none"),
            ("Gate-To", to.rawValue),
        ]
        if let evidence { trailers.append(("Gate-Evidence", evidence.hex)) }
        if let reason { trailers.append(("Gate-Reason", Self.singleLine(reason))) }
        trailers += extraTrailers.map { ($0.0, Self.singleLine($0.1)) }
        trailers.append(("Signed-off-by", signOff.signOff))
        var message = subject + "\n\n"
        if !body.isEmpty { message += body.joined(separator: "\n") + "\n\n" }
        message += trailers.map { "\($0.0): \($0.1)" }.joined(separator: "\n") + "\n"
        return message
    }

    /// Trailer values must stay on one line, or git would read a continuation as part of the value.
    static func singleLine(_ s: String) -> String {
        s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
