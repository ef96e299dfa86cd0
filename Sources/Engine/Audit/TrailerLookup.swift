import Domain
import Git

/// Reading and writing podserve-gate's trailers by `TrailerKey`, so no reader spells a key by hand.
extension Trailer {
    /// A trailer with one of podserve-gate's keys.
    init(_ key: TrailerKey, _ value: String) { self.init(key: key.rawValue, value: value) }
}

extension Array where Element == Trailer {
    /// The last value of `key` (git compares keys case-insensitively); the one a record is read with.
    func last(_ key: TrailerKey) -> String? {
        last { $0.key.caseInsensitiveCompare(key.rawValue) == .orderedSame }?.value
    }

    /// Every trailer with `key`, in message order.
    func all(_ key: TrailerKey) -> [Trailer] {
        filter { $0.key.caseInsensitiveCompare(key.rawValue) == .orderedSame }
    }

    /// The keys among `keys` that appear more than once. A record with one is ambiguous: git's readers show every
    /// value (`%(trailers)` lists them, the first first), `last(_:)` takes the last; such a record counts as none.
    func repeated(_ keys: [TrailerKey]) -> [String] {
        keys.filter { all($0).count > 1 }.map(\.rawValue)
    }
}

extension CommitInfo {
    /// The first value of the trailer `key` (case-insensitive), nil when absent.
    func trailer(_ key: TrailerKey) -> String? { trailer(key.rawValue) }
}
