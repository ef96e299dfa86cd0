#!/usr/bin/env bash
# Audit benchmark: builds a repository with git fast-import (100,000 commits, 200 services with real
# transitions: valid trailers, evidence blobs matching Gate-Evidence, merges) and times
# `podserve-gate verify` and `podserve-gate history` next to `git log --format=%H%n%B --name-only -- services`.
# Target: verify and history no slower than git (ratio <= 1.0x). Not part of the test suite.
#
# Usage: bench/audit/run.sh [--commits N] [--services S] [--runs R] [--keep]
#   PODSERVE_GATE_BIN  the binary to time (default: a release build, made with --scratch-path .build-audit)
#   BENCH_DIR          where to build the repository (default: a temporary directory, removed unless --keep)
set -euo pipefail

commits=100000
services=200
runs=3
keep=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --commits) commits="$2"; shift 2 ;;
        --services) services="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        *) echo "usage: $0 [--commits N] [--services S] [--runs R] [--keep]" >&2; exit 64 ;;
    esac
done

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${PODSERVE_GATE_BIN:-}"
if [[ -z "$bin" ]]; then
    echo "building podserve-gate (release)…" >&2
    (cd "$root" && swift build -c release --scratch-path .build-audit --product podserve-gate >&2)
    bin="$root/.build-audit/release/podserve-gate"
fi

repo="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/podserve-gate-bench.XXXXXX")}"
cleanup() { if [[ $keep -eq 0 && -z "${BENCH_DIR:-}" ]]; then rm -rf "$repo"; fi; }
trap cleanup EXIT

if [[ ! -d "$repo/.git" ]]; then
    echo "generating $commits commits, $services services in $repo…" >&2
    git init -q -b main "$repo"
    git -C "$repo" config user.name Bench
    git -C "$repo" config user.email bench@example.org
    start=$(date +%s.%N)
    python3 "$here/generate.py" --commits "$commits" --services "$services" | git -C "$repo" fast-import --quiet
    git -C "$repo" repack -adq
    echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s ($(git -C "$repo" rev-list --count --all) commits)" >&2
fi

# best-of-R wall-clock seconds of a command (output discarded; exit status 0 or 1 accepted)
best() {
    local best="" t s e rc
    for ((r = 0; r < runs; r++)); do
        s=$(date +%s.%N)
        set +e
        "$@" > /dev/null 2>&1
        rc=$?
        set -e
        e=$(date +%s.%N)
        if [[ $rc -gt 1 ]]; then echo "command failed ($rc): $*" >&2; exit 1; fi
        t=$(echo "$e - $s" | bc)
        if [[ -z "$best" ]] || (( $(echo "$t < $best" | bc) )); then best=$t; fi
    done
    echo "$best"
}

# warm the page cache once
git -C "$repo" log --format=%H%n%B --name-only -- services > /dev/null

git_time=$(best git -C "$repo" log --format=%H%n%B --name-only -- services)
verify_time=$(best "$bin" -C "$repo" verify)
history_time=$(best "$bin" -C "$repo" history --format json)

"$bin" -C "$repo" verify | tail -1
echo "history rows: $("$bin" -C "$repo" history --format json | grep -c '"commit"')"
echo "best of $runs runs, $(git -C "$repo" rev-list --count --all) commits:"
printf '%-52s %7.3f s\n' "git log --format=%H%n%B --name-only -- services" "$git_time"
printf '%-52s %7.3f s  (%.2fx git)\n' "podserve-gate verify" "$verify_time" "$(echo "$verify_time / $git_time" | bc -l)"
printf '%-52s %7.3f s  (%.2fx git)\n' "podserve-gate history" "$history_time" "$(echo "$history_time / $git_time" | bc -l)"
