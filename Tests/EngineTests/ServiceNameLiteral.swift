import Domain

/// Lets tests write a service name as a literal (`"dns"`); a literal that is no valid name stops the test at
/// once. Only tests get this: the product validates every name where it enters (`ServiceName(_:)`).
extension ServiceName: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        guard let name = ServiceName(rawValue: value) else { preconditionFailure("'\(value)' is no service name") }
        self = name
    }
}

/// Lets tests write a value read back from history as the text history holds (`"dns"`, `"advance"`).
extension Recorded: ExpressibleByStringLiteral, ExpressibleByUnicodeScalarLiteral,
    ExpressibleByExtendedGraphemeClusterLiteral
{
    public init(stringLiteral value: String) { self.init(value) }
}
