#!/usr/bin/env bash
# test.sh — the whole test suite on a fresh machine of this kind: installs what it needs
# (idempotently), builds, then runs every Swift Testing suite (unit, real git, real podman, end to end).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Only the tests need these: chromium and html5lib check the HTML report the way a browser and a parser see it.
scripts/install-test-deps.sh
scripts/setup-podman.sh
# Style: the checked-in .swift-format, strictly (the toolchain's own swift-format; `swift format -i -r Sources Tests`
# fixes what it reports).
swift format lint --strict --recursive Sources Tests Package.swift
build_log="$(mktemp)"
swift build --build-tests 2>&1 | tee "$build_log"
# The project builds with no warnings of its own (a fresh clone compiles every file, so CI sees them all).
if grep -E "^$PWD/(Sources|Tests)/[^:]*:[0-9]+:[0-9]+: warning:" "$build_log"; then
    echo "test.sh: the build has warnings (listed above); the project builds with none" >&2
    exit 1
fi
rm -f "$build_log"
export PODSERVE_GATE_BIN="$PWD/.build/debug/podserve-gate"
# End-to-end part: build this repository's real PodServe images with the tool itself (the local Debian
# base first, via base-images.yaml; existing images are kept), so the real-image suites run.
"$PODSERVE_GATE_BIN" build
export PODSERVE_REAL_IMAGES=1 PODSERVE_REAL_PODS=1
# The suites that need podman (`.podman` trait; FastFilterTests checks this list has every one of them).
PODMAN_SUITES='RuntimeContextTests|RuntimeIsolationTests|RuntimePortsTests|RuntimePerformanceTests|RuntimeDNSTests|IntegrationPodTests|IntegrationProductionTests|IntegrationRealServicesTests|ParallelGateTests|RealServicesTests|ImageContextTests|IntegrationGateFlowTests|HostileBuildContextTests|RemoteEngineTests|ExportKubeTests|RuntimeCLITests|RuntimeProbeAddressTests|ProbeHostTests|MissingBaseImageExitTests'
# Three runs of the one build, so tests that measure do not share the process or the machine with the rest:
# SupportTests count this process's descriptors and what a child inherits (no other suite may open any
# meanwhile); the podman suites time container starts and read memory (not next to CPU-heavy git and CLI
# suites); everything else runs together.
: > .build/test-output.txt
status=0
swift test --skip-build --filter '^SupportTests\.' 2>&1 | tee -a .build/test-output.txt || status=1
swift test --skip-build --skip "^SupportTests\.|\.($PODMAN_SUITES)\b" 2>&1 | tee -a .build/test-output.txt || status=1
swift test --skip-build --filter "\.($PODMAN_SUITES)\b" 2>&1 | tee -a .build/test-output.txt || status=1
exit $status
