import Foundation
import Support
import Testing

/// The trait of every suite that needs a working podman: without podman its tests are cancelled (shown as
/// skipped, with the reason), unless the run asks for the real-podman suites (`PODSERVE_REAL_IMAGES=1` or
/// `PODSERVE_REAL_PODS=1`, as scripts/test.sh sets them): then each test fails loudly, naming the variable and
/// podman's own words, so a CI run that should have exercised podman can never pass by skipping it.
package struct PodmanRequirement: SuiteTrait, TestTrait, TestScoping {
    package var isRecursive: Bool { true }

    package func provideScope(
        for test: Test, testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        guard let problem = PodmanTestSupport.podmanProblem else {
            // Podman tests wait for containers: off the cooperative pool, like `.blocking`, two at a time.
            return try await withTaskExecutorPreference(BlockingTestExecutor.podman) { try await function() }
        }
        if let asked = PodmanTestSupport.realSuitesRequestedBy {
            Issue.record(
                "\(asked)=1 asks for the real-podman suites, but podman does not work here: \(problem) (run scripts/setup-podman.sh)"
            )
            return
        }
        try Test.cancel("podman does not work here: \(problem)")
    }
}

extension Trait where Self == PodmanRequirement {
    /// Needs a working podman: skipped without it, a failure when `PODSERVE_REAL_*` asks for podman.
    package static var podman: Self { PodmanRequirement() }
}
