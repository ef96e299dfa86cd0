#!/usr/bin/env bash
# mutation-sample.sh — does the suite catch realistic bugs? Plants each one-line bug kept in
# tests/mutations/NN-name.patch, one at a time, in a scratch clone of HEAD (never in this tree), builds,
# runs the tests and prints per mutation KILLED (with the failing tests) or SURVIVED, then the kill ratio.
#
# A patch file starts with `Bug: <the realistic bug, one line>` and `Tests: <regex of the suites most likely
# to catch it>`, then a `git diff` with little context, so it keeps applying while main moves. A patch that no
# longer applies is reported as STALE, a mutant that does not compile as NO-BUILD: neither counts in the ratio.
#
#   scripts/mutation-sample.sh              fast mode: the patch's Tests: suites first; a survivor then faces
#                                           the whole fast part (FAST_FILTER below, README "Tests")
#   scripts/mutation-sample.sh --full       a survivor faces the whole suite (podman suites included)
#   scripts/mutation-sample.sh --filter RE  a survivor faces `swift test --filter RE` instead
#   scripts/mutation-sample.sh 17 18        only the patches whose names start with 17 or 18
# Options: --scratch DIR (default: a reused clone under $TMPDIR, so later runs build incrementally),
#          --no-baseline (skip the unmutated run that proves the chosen tests pass before any bug is planted),
#          --timeout SECONDS (per test run, default 900; a mutant that hangs the suite counts as killed by timeout).
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# The fast part of the suite (README "Tests"): everything except the suites that need podman or real images
# and the two long passes (the fuzz short pass and the red-team replay), which only the full suite runs, and
# SupportTests, which count this process's descriptors and run alone (a patch's Tests: line may name them).
FAST_FILTER='^(?!SupportTests\.)(?!.*\.(RuntimeContextTests|RuntimeIsolationTests|RuntimePortsTests|RuntimePerformanceTests|RuntimeDNSTests|IntegrationPodTests|IntegrationProductionTests|IntegrationRealServicesTests|ParallelGateTests|RealServicesTests|ImageContextTests|IntegrationGateFlowTests|HostileBuildContextTests|RemoteEngineTests|ExportKubeTests|RuntimeCLITests|RuntimeProbeAddressTests|ProbeHostTests|MissingBaseImageExitTests|FuzzShortPassTests|RedTeamRegressionTests)\b)'

mode=fast
wide_filter="$FAST_FILTER"
scratch="${TMPDIR:-/tmp}/podserve-gate-mutation-$(id -u)-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
baseline=1
run_timeout=900
only=()
while [ $# -gt 0 ]; do
    case "$1" in
        --full) mode=full; wide_filter="" ;;
        --filter) mode=filter; wide_filter="${2:?--filter needs a regex}"; shift ;;
        --scratch) scratch="${2:?--scratch needs a directory}"; shift ;;
        --no-baseline) baseline=0 ;;
        --timeout) run_timeout="${2:?--timeout needs seconds}"; shift ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "mutation-sample.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
        *) only+=("$1") ;;
    esac
    shift
done

patches=()
for p in "$ROOT"/tests/mutations/*.patch; do
    name="$(basename "$p" .patch)"
    if [ ${#only[@]} -gt 0 ]; then
        keep=0
        for o in "${only[@]}"; do case "$name" in "$o"*) keep=1 ;; esac; done
        [ $keep = 1 ] || continue
    fi
    patches+=("$p")
done
[ ${#patches[@]} -gt 0 ] || { echo "mutation-sample.sh: no patches in tests/mutations match" >&2; exit 2; }

log() { printf '%s\n' "$*" >&2; }

# The scratch clone: HEAD of this repository, nothing uncommitted, build products kept between runs.
if [ ! -d "$scratch/.git" ]; then
    log "cloning $ROOT into $scratch"
    git clone --quiet --no-hardlinks "$ROOT" "$scratch" || exit 3
fi
git -C "$scratch" fetch --quiet "$ROOT" HEAD || exit 3
git -C "$scratch" reset --quiet --hard FETCH_HEAD && git -C "$scratch" clean --quiet -fd || exit 3
# Dependencies as this tree resolved them, so the scratch build needs no network.
[ -f "$ROOT/Package.resolved" ] && cp "$ROOT/Package.resolved" "$scratch/Package.resolved"
for d in checkouts repositories; do
    if [ -d "$ROOT/.build/$d" ] && [ ! -d "$scratch/.build/$d" ]; then
        mkdir -p "$scratch/.build" && cp -a "$ROOT/.build/$d" "$scratch/.build/$d"
    fi
done
export PODSERVE_GATE_BIN="$scratch/.build/debug/podserve-gate"
if [ "$mode" != full ]; then unset PODSERVE_REAL_IMAGES PODSERVE_REAL_PODS; fi

out="$(mktemp -d)"
trap 'rm -rf "$out"; git -C "$scratch" reset --quiet --hard 2>/dev/null' EXIT

build() { (cd "$scratch" && swift build --build-tests >"$out/build.txt" 2>&1); }

# Runs the tests matching $1 (empty: all); 0 when they pass. Failing test names go to $out/failed.txt.
run_tests() {
    local args=(test --skip-build)
    [ -n "$1" ] && args+=(--filter "$1")
    (cd "$scratch" && timeout "$run_timeout" swift "${args[@]}" >"$out/test.txt" 2>&1)
    local status=$?
    grep -aoE '✘ Test [^ ].* (recorded an issue|failed)' "$out/test.txt" | grep -v '^✘ Test run with ' \
        | sed -E 's/^✘ Test (.*) (recorded an issue|failed).*/\1/; s/ recorded an issue.*//' | sort -u >"$out/failed.txt"
    [ $status = 124 ] && echo "(timed out after ${run_timeout} s)" >>"$out/failed.txt"
    if [ $status != 0 ] && [ ! -s "$out/failed.txt" ]; then echo "(test run ended with status $status)" >>"$out/failed.txt"; fi
    return $status
}

field() { sed -n "s/^$1: //p" "$2" | head -1; }

if [ $baseline = 1 ]; then
    log "baseline: building the unmutated clone"
    build || { log "the unmutated clone does not build:"; tail -20 "$out/build.txt" >&2; exit 1; }
    suites="$(for p in "${patches[@]}"; do field Tests "$p"; done | tr '|' '\n' | sed '/^$/d' | sort -u | paste -sd'|')"
    log "baseline: the patches' Tests: suites must pass before any bug is planted"
    if ! run_tests "$suites"; then
        log "the unmutated suite already fails, so kills would mean nothing:"; cat "$out/failed.txt" >&2; exit 1
    fi
fi

killed=0 survived=0 stale=0 nobuild=0
results=()
for p in "${patches[@]}"; do
    name="$(basename "$p" .patch)"
    bug="$(field Bug "$p")"
    tests="$(field Tests "$p")"
    git -C "$scratch" reset --quiet --hard
    if ! git -C "$scratch" apply --check "$p" 2>"$out/apply.txt"; then
        stale=$((stale + 1))
        results+=("STALE     $name: patch no longer applies ($(head -1 "$out/apply.txt")) — $bug")
        log "${results[-1]}"
        continue
    fi
    git -C "$scratch" apply "$p"
    if ! build; then
        nobuild=$((nobuild + 1))
        results+=("NO-BUILD  $name: the mutant does not compile ($(grep -m1 'error:' "$out/build.txt")) — $bug")
        log "${results[-1]}"
        continue
    fi
    verdict=""
    if [ -n "$tests" ] && ! run_tests "$tests"; then
        verdict="KILLED    $name by $(paste -sd',' "$out/failed.txt" | sed 's/,/, /g')"
    elif [ "$mode" = full ] || [ "$wide_filter" != "$tests" ]; then
        if ! run_tests "$wide_filter"; then
            verdict="KILLED    $name by $(paste -sd',' "$out/failed.txt" | sed 's/,/, /g') (outside its Tests: suites)"
        fi
    fi
    if [ -n "$verdict" ]; then
        killed=$((killed + 1))
    else
        survived=$((survived + 1))
        verdict="SURVIVED  $name — $bug"
    fi
    results+=("$verdict")
    log "$verdict"
done
git -C "$scratch" reset --quiet --hard

judged=$((killed + survived))
echo
echo "mutation sample ($mode mode, HEAD $(git -C "$scratch" rev-parse --short HEAD)):"
printf '  %s\n' "${results[@]}"
ratio="$( [ $judged -gt 0 ] && echo "$((100 * killed / judged)) %" || echo "n/a")"
echo "killed $killed of $judged mutations ($ratio); $survived survived; $stale stale (patch no longer applies); $nobuild did not build"
[ $survived = 0 ]
