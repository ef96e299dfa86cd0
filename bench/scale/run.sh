#!/usr/bin/env bash
# Scale benchmark (issue 11): status, verify (full and incremental) and history on generated histories of
# 100,000 and 1,000,000 commits with 200 services (50 advanced once, every transition in the newest commits),
# each paired against its git reference (A B A B …, median of N runs), with peak RSS. Not part of the suite.
#
# Usage: bench/scale/run.sh [--commits "100000 1000000"] [--runs N] [--busy]
#   --busy             keep one core busy (a `yes > /dev/null` loop) while timing, as the issue asks
#   PODSERVE_GATE_BIN  the binary to time (default: a release build made with --scratch-path .build-bench)
#   BENCH_DIR          where the generated repositories are kept (default /tmp/podserve-gate-scale); reused
# The table of the previous run is printed first (bench/scale/last-run.txt), then the new one, which replaces it.
set -euo pipefail
sizes="100000 1000000"
runs=5
busy=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --commits) sizes="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --busy) busy=1; shift ;;
        *) echo "usage: $0 [--commits \"N M\"] [--runs N] [--busy]" >&2; exit 64 ;;
    esac
done
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${PODSERVE_GATE_BIN:-}"
if [[ -z "$bin" ]]; then
    echo "building podserve-gate (release)…" >&2
    (cd "$root" && swift build -c release --scratch-path .build-bench --product podserve-gate >&2)
    bin="$root/.build-bench/release/podserve-gate"
fi
base="${BENCH_DIR:-/tmp/podserve-gate-scale}"
mkdir -p "$base"
last="$here/last-run.txt"
if [[ -f "$last" ]]; then echo "previous run:"; cat "$last"; echo; fi

if [[ $busy -eq 1 ]]; then
    (while :; do :; done) &
    spinner=$!
    trap 'kill $spinner 2>/dev/null || true' EXIT
fi

# one run: prints "wall_seconds peak_kb"
measure() { /usr/bin/time -f "%e %M" -o /tmp/podserve-gate-scale-time "$@" >/dev/null 2>&1 || true; cat /tmp/podserve-gate-scale-time | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# pair A (ours) and B (git): medians, median ratio of the pairs, and both peak RSS (a mapped pack counts in both)
pair() {
    local label="$1" a="$2" b="$3"
    local ta=() tb=() ratios=() mem=() memb=()
    eval "$a" >/dev/null 2>&1 || true
    eval "$b" >/dev/null 2>&1 || true
    for ((i = 0; i < runs; i++)); do
        read -r wa ma < <(measure bash -c "$a")
        read -r wb mb < <(measure bash -c "$b")
        ta+=("$wa"); tb+=("$wb"); mem+=("$ma"); memb+=("$mb")
        ratios+=("$(echo "$wa / ($wb + 0.0005)" | bc -l)")
    done
    printf '%-44s %8.3f s  %8.3f s  %6.2fx  %7d KB  %7d KB\n' "$label" \
        "$(printf '%s\n' "${ta[@]}" | median)" "$(printf '%s\n' "${tb[@]}" | median)" \
        "$(printf '%s\n' "${ratios[@]}" | median)" "$(printf '%s\n' "${mem[@]}" | median)" \
        "$(printf '%s\n' "${memb[@]}" | median)"
}

out="$(mktemp)"
{
    echo "podserve-gate scale benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, runs=$runs, busy core=$busy"
    printf '%-44s %10s  %10s  %7s  %10s  %10s\n' "command (commits)" "ours" "git" "ratio" "RSS ours" "RSS git"
} | tee "$out"
for n in $sizes; do
    repo="$base/r$n"
    if [[ ! -d "$repo/.git" ]]; then
        echo "generating $n commits in $repo…" >&2
        git init -q -b main "$repo"
        python3 "$root/bench/audit/generate.py" --commits "$n" --services 200 --layout recent | git -C "$repo" fast-import --quiet
        git -C "$repo" repack -adq
        git -C "$repo" checkout -q main
    fi
    tip="$(git -C "$repo" rev-parse HEAD)"
    pair "status --format json ($n)" "'$bin' -C '$repo' status --format json" "git -C '$repo' status --porcelain" | tee -a "$out"
    pair "status svc007 ($n)" "'$bin' -C '$repo' status svc007" "git -C '$repo' status --porcelain" | tee -a "$out"
    walk="git -C '$repo' log --format=%H%n%B --name-only -- services"
    pair "verify --no-cache ($n)" "'$bin' -C '$repo' verify --no-cache" "$walk" | tee -a "$out"
    pair "history --format json ($n)" "'$bin' -C '$repo' history --format json" "$walk" | tee -a "$out"
    # Incremental: one new commit on top of a verified tip (the cache is warm from the run above); both sides
    # make that commit, so the ratio compares verify with nothing, and the figure includes one `git commit`.
    "$bin" -C "$repo" verify >/dev/null || true
    new="git -C '$repo' -c user.name=b -c user.email=b@b commit -q --allow-empty -m inc"
    pair "verify, 1 new commit on a verified tip ($n)" "$new && '$bin' -C '$repo' verify" "$new" | tee -a "$out"
    git -C "$repo" reset -q --hard "$tip"
    # A push as a server receives it: 20 new commits arriving as a new pack (more than 100 objects stay packed);
    # the seal checks each object of the new pack, and verify audits the 20 commits. In a clone sharing the
    # repository's objects, so the generated repository keeps its one pack.
    clone="$base/push-$n"
    rm -rf "$clone"
    git clone -q --shared "$repo" "$clone"
    "$bin" -C "$clone" verify >/dev/null || true
    push="for i in \$(seq 20); do git -C '$clone' -c user.name=b -c user.email=b@b commit -q --allow-empty -m p\$i; done"
    push+="; git -C '$clone' rev-list --objects HEAD~20..HEAD | git -C '$clone' pack-objects -q .git/objects/pack/pack"
    push+=" >/dev/null && git -C '$clone' prune-packed"
    pair "verify, 20 new commits in a new pack ($n)" "$push && '$bin' -C '$clone' verify" "$push" | tee -a "$out"
    rm -rf "$clone"
done
cp "$out" "$last"
rm -f "$out"
