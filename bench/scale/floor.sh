#!/usr/bin/env bash
# Issue 11: the floor under `verify --no-cache` and `history` on one core. Every audit must inflate every commit
# (it reads every message: an approval or a waiver may change nothing else) and, for verify, every root tree;
# this prints what zlib (one fresh stream per object, as libgit2 reads packs) and libdeflate (the fastest
# inflater here, when installed) take for a sample of those objects, beside git's own walk, and the ratio that
# inflating alone already costs. Not part of the suite; run it on a quiet machine.
#
# Usage: bench/scale/floor.sh [REPO]   (default: the 100,000-commit repository bench/scale/run.sh generates)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="${1:-${BENCH_DIR:-/tmp/podserve-gate-scale}/r100000}"
[[ -d "$repo/.git" || -f "$repo/HEAD" ]] || { echo "floor.sh: no repository at $repo (run bench/scale/run.sh first)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/floor" "$here/inflate-floor.c" -lz -ldl
commits=$(git -C "$repo" rev-list --count HEAD)
# An even sample of 5,000 commits across the history, and their root trees.
git -C "$repo" rev-list HEAD | awk -v step=$(( commits > 5000 ? commits / 5000 : 1 )) 'NR % step == 0' | head -5000 > "$work/ids"
{ cat "$work/ids"; sed 's/$/^{tree}/' "$work/ids"; } | git -C "$repo" cat-file --batch | "$work/floor" > "$work/costs"
walk=()
for _ in 1 2 3 4 5; do
    start=$(date +%s%N)
    git -C "$repo" log --format=%H%n%B --name-only -- services > /dev/null
    walk+=($(( $(date +%s%N) - start )))
done
git_ns=$(printf '%s\n' "${walk[@]}" | sort -n | sed -n 3p)
awk -v n="$commits" -v git="$git_ns" -v repo="$repo" '
    { zlib[$1] = $3; fast[$1] = $4 }
    END {
        printf "inflate floor, %s (%d commits; sample of 5,000 commits and their root trees)\n", repo, n
        printf "%-8s %22s %22s\n", "object", "zlib, fresh stream", "libdeflate, reused"
        for (t in zlib) printf "%-8s %19.2f us %19s\n", t, zlib[t] / 1000, fast[t] < 0 ? "n/a" : sprintf("%.2f us", fast[t] / 1000)
        printf "git log --format=%%H%%n%%B --name-only -- services: %.3f s (median of 5), %.2f us per commit\n", git / 1e9, git / n / 1000
        h = n * zlib["commit"]; v = n * (zlib["commit"] + zlib["tree"])
        printf "history floor (inflate every commit):              %.3f s = %.2fx git", h / 1e9, h / git
        if (fast["commit"] >= 0) printf "   (libdeflate: %.2fx)", n * fast["commit"] / git
        printf "\nverify floor (every commit and its root tree):      %.3f s = %.2fx git", v / 1e9, v / git
        if (fast["commit"] >= 0) printf "   (libdeflate: %.2fx)", n * (fast["commit"] + fast["tree"]) / git
        printf "\ntarget: 0.5x, also with one of the two cores busy (one core: no second thread to share the inflating)\n"
    }' "$work/costs"
