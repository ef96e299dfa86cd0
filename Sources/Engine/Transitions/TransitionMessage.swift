import Domain
import Foundation
import Git

/// The commit message of a transition: subject, body, then the SPEC §4 trailers.
package struct TransitionMessage {
    package var service: ServiceName
    package var from: Phase?
    package var to: Phase
    package var body: [String]
    package var evidence: OID?
    package var reason: String?
    package var extraTrailers: [(String, String)] = []
    package var signOff: Identity

    package init(
        service: ServiceName, from: Phase?, to: Phase, body: [String], evidence: OID? = nil, reason: String? = nil,
        signOff: Identity
    ) {
        self.service = service
        self.from = from
        self.to = to
        self.body = body
        self.evidence = evidence
        self.reason = reason
        self.signOff = signOff
    }

    package var subject: String { "gate(\(service)): \(from?.rawValue ?? "none") -> \(to.rawValue)" }

    /// The message text; throws when a value would not read back byte for byte (see `CommitMessage`).
    package func rendered() throws -> String {
        var trailers: [Trailer] = [
            Trailer(.service, service.rawValue),
            Trailer(.from, from?.rawValue ?? "none"),
            Trailer(.to, to.rawValue),
        ]
        if let evidence { trailers.append(Trailer(.evidence, evidence.hex)) }
        if let reason { trailers.append(Trailer(.reason, reason)) }
        trailers += extraTrailers.map { Trailer(key: $0.0, value: $0.1) }
        trailers.append(Trailer(.signedOffBy, signOff.signOff))
        return try CommitMessage(subject: subject, body: body, trailers: trailers).rendered()
    }

    /// Tool-side text for a body line: one printable line (see `CommitText.printable`).
    static func singleLine(_ s: String) -> String {
        CommitText.printable(s)
    }
}
