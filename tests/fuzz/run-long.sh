#!/usr/bin/env bash
# run-long.sh — the long fuzz pass (issue 10 part 5): many more mutated seed files than the short pass the
# Swift test suite runs (Tests/EndToEndTests/FuzzShortPassTests.swift, 240 cases). Prints counts per target
# and exit code; failing inputs are kept under the folder it names. Builds the binary first.
#
#   tests/fuzz/run-long.sh                 # 5,000 cases from the fixed seed
#   tests/fuzz/run-long.sh 20000 7         # 20,000 cases from seed 7
set -euo pipefail
cd "$(dirname "$0")/../.."
cases="${1:-5000}"
seed="${2:-20261130}"
scripts/install-deps.sh
swift build --product podserve-gate
exec /usr/bin/python3 tests/fuzz/fuzz.py --binary "${PODSERVE_GATE_BIN:-$PWD/.build/debug/podserve-gate}" \
    --cases "$cases" --seed "$seed" --out "${FUZZ_OUT:-$PWD/.build/fuzz-failures}"
