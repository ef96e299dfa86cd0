#!/usr/bin/env bash
# Report benchmark: on the audit benchmark's generated repository (bench/audit/generate.py: 100,000 commits,
# 200 services, every service with a performance baseline whose evidence carries the phase-3 figures), times
# `podserve-gate report --out FILE` next to `podserve-gate history --format json`. Target: report <= 2 s.
# Paired runs (report, history, report, …) timed with /usr/bin/time: medians and the median ratio.
# Not part of the test suite.
#
# Usage: bench/report/run.sh [--commits N] [--services S] [--runs R] [--keep]
#   PODSERVE_GATE_BIN  the binary to time (default: a release build, made with --scratch-path .build-audit)
#   BENCH_DIR          where to build the repository (default: a temporary directory, removed unless --keep)
set -euo pipefail

commits=100000
services=200
runs=5
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

repo="${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/podserve-gate-report-bench.XXXXXX")}"
out="$(mktemp "${TMPDIR:-/tmp}/podserve-gate-report.XXXXXX.html")"
cleanup() {
    rm -f "$out"
    if [[ $keep -eq 0 && -z "${BENCH_DIR:-}" ]]; then rm -rf "$repo"; fi
}
trap cleanup EXIT

if [[ ! -d "$repo/.git" ]]; then
    echo "generating $commits commits, $services services in $repo…" >&2
    git init -q -b main "$repo"
    git -C "$repo" config user.name Bench
    git -C "$repo" config user.email bench@example.org
    python3 "$root/bench/audit/generate.py" --commits "$commits" --services "$services" | git -C "$repo" fast-import --quiet
    git -C "$repo" repack -adq
fi

# One report first: it must succeed, and it says what it holds.
"$bin" -C "$repo" report --out "$out"
baselines=$(grep -c 'data-metric="startup_median_s" data-points=' "$out" || true)
echo "report: $(wc -c < "$out") bytes, $baselines service(s) with a baseline chart, $(git -C "$repo" rev-list --count HEAD) commits"
if [[ "$baselines" -lt 50 && "$services" -ge 50 ]]; then
    echo "expected performance baselines in at least 50 services, found $baselines" >&2
    exit 1
fi

# Paired runs: report, history, report, …; medians of each and the median of the pair ratios, with peak RSS.
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
rt=() ht=() ratio=() rm=()
for ((r = 0; r < runs; r++)); do
    /usr/bin/time -f "%e %M" -o "$out.time" "$bin" -C "$repo" report --out "$out" > /dev/null 2>&1
    read -r a am < "$out.time"
    /usr/bin/time -f "%e %M" -o "$out.time" "$bin" -C "$repo" history --format json > /dev/null 2>&1
    read -r b _ < "$out.time"
    rt+=("$a"); ht+=("$b"); rm+=("$am"); ratio+=("$(echo "$a / ($b + 0.0005)" | bc -l)")
done
rm -f "$out.time"
echo "median of $runs paired runs:"
printf '%-44s %7.3f s  peak %d KB  (target <= 2 s)\n' "podserve-gate report --out FILE" \
    "$(printf '%s\n' "${rt[@]}" | median)" "$(printf '%s\n' "${rm[@]}" | median)"
printf '%-44s %7.3f s\n' "podserve-gate history --format json" "$(printf '%s\n' "${ht[@]}" | median)"
printf '%-44s %7.2fx\n' "report / history (median of pairs)" "$(printf '%s\n' "${ratio[@]}" | median)"
