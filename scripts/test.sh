#!/usr/bin/env bash
# test.sh — the whole test suite on a fresh machine of this kind: installs what it needs
# (idempotently), builds, then runs every Swift Testing suite (unit, real git, real podman, end to end).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/setup-podman.sh
swift build --build-tests
export PODSERVE_GATE_BIN="$PWD/.build/debug/podserve-gate"
swift test --skip-build 2>&1 | tee .build/test-output.txt
