import Domain
import Engine
import Foundation
import Support
import TestSupport
import Testing

/// Phase 5 on real podman with the tiny busybox images: pods per combination, tests with POD/CONTAINER_<SVC>,
/// stop at the first failing combination, unhealthy dependencies — and never a pod or container left behind.
@Suite(
    "Integration combinations in real pods", .serialized,
    .podman)
struct IntegrationPodTests {
    let fx: IntegrationFixture
    init() throws { fx = try IntegrationFixture() }

    /// base (serves 8080), app depends on base, web depends on base: app's gate runs base+app, then all three.
    func threeServices(appTest: String, baseImage: String = TinyImages.wellBehaved.ref) throws {
        fx.add("base", IntegrationFixture.tinyPlan(baseImage, ports: ["8080/tcp"], env: ["DOMAIN": "tiny.local"]))
        fx.add(
            "app",
            IntegrationFixture.tinyPlan(
                TinyImages.wellBehaved.ref, dependsOn: ["base"],
                tests: ["tests/test-app-base.sh", "tests/test-app-base-web.sh"]))
        fx.add("web", IntegrationFixture.tinyPlan(TinyImages.wellBehaved.ref, dependsOn: ["base"]))
        try fx.script("tests/test-app-base.sh", appTest)
        try fx.script(
            "tests/test-app-base-web.sh",
            """
            podman exec "$CONTAINER_WEB" test -f /tmp/ready || exit 1
            echo "web seen in $POD"
            """)
    }

    @Test func pairsThenTripletPassWithEvidence() throws {
        try threeServices(
            appTest: """
                set -e
                podman pod exists "$POD"
                podman exec "$CONTAINER_BASE" test -f /tmp/ready
                podman exec "$CONTAINER_APP" test -f /tmp/ready
                echo "pod=$POD app=$CONTAINER_APP web=${CONTAINER_WEB:-none}"
                """)
        let scratch = RunScratchpad()
        let outcome = try fx.run(.combinations, "app", scratchpad: scratch)
        #expect(outcome.status == .pass, "\(outcome.message)\n\(outcome.output)")
        #expect(
            outcome.message.contains("2 combination(s) passed: pair base+app, triplet base+app+web"),
            "\(outcome.message)")
        let wellID = try #require(try fx.podman.imageInfo(TinyImages.wellBehaved.ref)?.id)
        #expect(scratch.image?.id == wellID)
        #expect(outcome.metrics["c1.name"] == .text("pair base+app"))
        #expect(outcome.metrics["c1.status"] == .text("pass"))
        #expect(outcome.metrics["c1.image.base"] == .text(wellID))
        #expect(outcome.metrics["c2.image.web"] == .text(wellID))
        #expect(outcome.metrics["c1.tests"] == .number(1))
        #expect(outcome.metrics["c2.tests"] == .number(2))
        #expect(outcome.metrics["c1.recovery_seconds.base"]?.number != nil)
        #expect((outcome.metrics["c1.memory_bytes"]?.number ?? 0) > 0)
        #expect(outcome.metrics["c1.memory_limit_bytes"] == .number(100_000_000))
        #expect(outcome.output.contains("app=pg-app-c1-\(fx.podman.runLabel.runID)-app web=none"), "\(outcome.output)")
        let pod = try #require(outcome.artifacts["5-combination-pod-base+app.yaml"])
        #expect(pod.contains("podserve-gate.run\": \"\(fx.podman.runLabel.runID)\""))
        #expect(outcome.artifacts["5-combination-pod-base+app+web.yaml"] != nil)
        try fx.expectNoLeftovers()
    }

    @Test func aFailingPairTestStopsAndNamesTheCombination() throws {
        try threeServices(appTest: "echo 'app cannot reach base' >&2; exit 1")
        let outcome = try fx.run(.combinations, "app")
        #expect(outcome.status == .fail)
        #expect(
            outcome.message.hasPrefix("pair base+app failed: integration test tests/test-app-base.sh failed (exit 1)"),
            "\(outcome.message)")
        #expect(outcome.message.contains("app cannot reach base"))
        #expect(outcome.metrics["c1.status"] == .text("fail"))
        #expect(outcome.metrics["c2.name"] == nil, "the triplet must not run after the pair failed")
        #expect(outcome.artifacts["5-combination-pod-base+app.yaml"] != nil)
        try fx.expectNoLeftovers()
    }

    @Test func aDependencyThatNeverBecomesHealthyFailsTheCombination() throws {
        try threeServices(appTest: "exit 0", baseImage: TinyImages.neverReady.ref)
        let started = Date()
        let outcome = try fx.run(.combinations, "app")
        #expect(outcome.status == .fail)
        #expect(outcome.message.hasPrefix("pair base+app failed: base (container pg-app-c1-"), "\(outcome.message)")
        #expect(
            outcome.message.contains("did not become healthy within 2.00 s (2× its startup target)"),
            "\(outcome.message)")
        #expect(Date().timeIntervalSince(started) < 30)
        try fx.expectNoLeftovers()
    }

    @Test func aMissingImageIsNamedBeforeAnythingStarts() throws {
        try threeServices(appTest: "exit 0")
        fx.plans["base"]?.image = "localhost/podserve-gate-test-missing:none"
        let outcome = try fx.run(.combinations, "app")
        #expect(outcome.status == .fail)
        #expect(
            outcome.message.contains("image localhost/podserve-gate-test-missing:none of base does not exist"),
            "\(outcome.message)")
        try fx.expectNoLeftovers()
    }

    @Test func aDependencyNotPastPerformanceBlocksPhaseFive() throws {
        try threeServices(appTest: "exit 0")
        fx.phases["base"] = .performance
        let outcome = try fx.run(.combinations, "app")
        #expect(outcome.status == .fail)
        #expect(outcome.message.contains("base (in performance)"), "\(outcome.message)")
    }
}
