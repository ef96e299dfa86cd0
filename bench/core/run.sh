#!/usr/bin/env bash
# Core benchmark (issue 2): `status --format json` over 200 services and `advance` through a planning
# gate, each printed next to `git status` in the same repository. Targets: status of 200 services
# <= 100 ms; advance overhead (everything but the validators' own time, read from the evidence) <= 150 ms.
# Usage: bench/core/run.sh [services=200] [runs=10]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-200}"; runs="${2:-10}"
bin="${PODSERVE_GATE_BIN:-}"
if [[ -z "$bin" ]]; then
  (cd "$here" && swift build -c release >/dev/null 2>&1) || { echo "release build failed" >&2; exit 1; }
  bin="$here/.build/release/podserve-gate"
fi
ws="$(mktemp -d)"; trap 'rm -rf "$ws"' EXIT
cd "$ws"; git init -q; git config user.name Bench; git config user.email bench@example.com; git config commit.gpgsign false
"$bin" init >/dev/null; git add -A; git commit -qm gates
plan() { cat <<YAML
name: $1
scope: benchmark service $1
image: localhost/podserve-$1:latest
ports: [8080/tcp]
data: [/var/lib/$1]
config: {env: {DOMAIN: podserve.local}}
health:
  liveness: {command: [/bin/true], timeout: 2s}
  readiness: {command: [/bin/true], timeout: 2s}
targets: {startup: 5s, memory: 100MB, response: 100ms}
testing: {unit: u, integration: i, performance: p, failure: [f]}
depends_on: []
YAML
}
for i in $(seq 1 "$n"); do
  mkdir -p "services/s$i"; plan "s$i" > "services/s$i/service.yaml"
done
git add -A; git commit -qm plans
for i in $(seq 1 "$n"); do "$bin" new "s$i" -q >/dev/null; done
for i in $(seq 1 "$runs"); do sed -i '/auto:/!s/- \[ \]/- [x]/' "services/s$i/checklists/1-planning.md"; done
git add -A; git commit -qm ticks

# Median wall time in milliseconds of a command run $runs times.
median_ms() {
  local times=()
  for _ in $(seq 1 "$runs"); do
    local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
printf '%-44s %10s\n' "measurement ($n services, median of $runs)" "ms"
printf '%-44s %10s\n' "git status" "$(median_ms git status)"
printf '%-44s %10s   (target <= 100)\n' "podserve-gate status --format json" "$(median_ms "$bin" status --format json)"
printf '%-44s %10s\n' "podserve-gate status (table)" "$(median_ms "$bin" status)"

# advance: total wall time minus the validators' own durations recorded in the evidence.
overheads=()
for i in $(seq 1 "$runs"); do
  t0=$(date +%s%N); "$bin" advance "s$i" -q >/dev/null; t1=$(date +%s%N)
  total=$(( (t1 - t0) / 1000000 ))
  own=$(python3 -c "import json,sys; e=json.load(open('services/s$i/evidence/1-planning.json')); print(round(sum(v['duration_ms'] for v in e['validators'])))")
  overheads+=($(( total - own )))
done
adv=$(printf '%s\n' "${overheads[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf '%-44s %10s   (target <= 150)\n' "podserve-gate advance overhead (planning)" "$adv"
printf '%-44s %10s\n' "git status (after $runs transitions)" "$(median_ms git status)"
