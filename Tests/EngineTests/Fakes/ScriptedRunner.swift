import Foundation
import Support
import Synchronization

/// A `ProcessRunner` whose results a test scripts (the throughput validator's host-side load command runs
/// through it); it records every spec so a test can check the environment the program was given.
final class ScriptedRunner: ProcessRunner {
    private let answer: @Sendable (ProcessSpec) -> ProcessResult
    private let specs = Mutex<[ProcessSpec]>([])

    init(_ answer: @escaping @Sendable (ProcessSpec) -> ProcessResult) { self.answer = answer }

    /// Every spec run so far, in order.
    var ran: [ProcessSpec] { specs.withLock { $0 } }

    func run(_ spec: ProcessSpec) throws -> ProcessResult {
        specs.withLock { $0.append(spec) }
        return answer(spec)
    }
}
