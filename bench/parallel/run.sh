#!/usr/bin/env bash
# Parallel gates benchmark (issue 14): wall time of the isolation gates of several services checked one after
# another (`--jobs 1`) and at once (`--jobs N`), and their ratio (goal: parallel <= 0.6x serial on 2 cores).
#
#   bench/parallel/run.sh                 this repository's dns, apache and mail (`check … --phase isolation`) on
#                                         their real images: built first with `podserve-gate build` (skips images
#                                         already built from HEAD; PODSERVE_REAL_IMAGES=1 says scripts/test.sh's
#                                         build already ran, so the step is skipped)
#   bench/parallel/run.sh --quick         three tiny busybox services in a temporary workspace, isolation gate
#                                         with 2 starts and a 2 s memory settle (about 10 s per service; needs only
#                                         scripts/setup-podman.sh's probe image): a smoke run
#   JOBS=3 BIN=… ROUNDS=1 bench/parallel/run.sh    jobs (default 3), the binary (default: the debug build) and
#                                         serial/parallel pairs (default 1; medians when more)
#
# Then it prints what limits the speed-up, from the runs' own JSON and /proc/stat (needs python3): the longest
# single gate (with one job per service, parallel cannot beat it), how busy the machine's cores were in each run
# (saturated cores mean podman's own CPU — runc, conmon, image mounts — is the bound), the CPU time of the tool's
# child processes (`child_cpu_seconds`), and the slowest validators of the longest gate. The gates spend most of
# their time waiting (startup and health polls, `podman stop` grace, five starts in a row), which overlaps well.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
jobs="${JOBS:-3}"
bin="${BIN:-$here/.build/debug/podserve-gate}"
[ -x "$bin" ] || (cd "$here" && swift build >/dev/null) || { echo "build failed" >&2; exit 1; }

if [ "${1:-}" = "--quick" ]; then
    probe=localhost/podserve-gate-probe:latest
    podman image exists "$probe" || "$here/scripts/setup-podman.sh" >/dev/null
    ws="$(mktemp -d)"; trap 'rm -rf "$ws"' EXIT
    cd "$ws"; git init -q; git config user.name Bench; git config user.email bench@example.com; git config commit.gpgsign false
    "$bin" init >/dev/null 2>&1
    # Quick: two starts and a 2 s memory settle instead of five and 10 s (the gates' shape, less waiting).
    sed -i -e 's/with: {attempts: 5}/with: {attempts: 2}/' -e 's/with: {settle: 10s}/with: {settle: 2s}/' gates/2-isolation.yaml
    git add -A; git commit -qm gates
    services=()
    for name in qa qb qc; do
        "$bin" new "$name" >/dev/null 2>&1
        cat > "services/$name/service.yaml" <<YAML
name: $name
scope: benchmark service $name
image: $probe
command: [/bin/busybox, sh, -c, "trap 'exit 0' TERM; /bin/busybox --install -s /bin; httpd -p 8080 -h /run; touch /run/alive /run/ready; echo ready; while :; do sleep 1 & wait \$!; done"]
ports: [8080/tcp]
data: [/var/lib/$name]
config: {env: {DOMAIN: podserve.local}}
health:
  liveness: {command: [/bin/busybox, test, -f, /run/alive], timeout: 2s}
  readiness: {command: [/bin/busybox, test, -f, /run/ready], timeout: 2s}
targets: {startup: 5s, memory: 100MB, response: 100ms}
testing: {unit: u, integration: i, performance: p, failure: [f]}
depends_on: []
integration: {communication: [], shared: [], failure: [], tests: []}
YAML
        # Tick the manual items of the first two checklists (auto: items are the gate's).
        for list in services/$name/checklists/1-planning.md services/$name/checklists/2-isolation.md; do
            sed -i '/auto:/!s/- \[ \]/- [x]/' "$list"
        done
        services+=("$name")
    done
    git add -A; git commit -qm plans
    "$bin" advance --all --quiet >/dev/null
    root="$ws"; phase=isolation
else
    root="$here"; phase=isolation
    services=(dns apache mail)
    # The real images, built from HEAD's committed contexts (the isolation gate refuses stale ones).
    if [ "${PODSERVE_REAL_IMAGES:-}" != 1 ]; then
        echo "building (or confirming) the images of ${services[*]} from HEAD…" >&2
        "$bin" -C "$root" build "${services[@]}" >&2 || { echo "podserve-gate build failed: the benchmark needs the real images" >&2; exit 1; }
    fi
    for name in "${services[@]}"; do
        podman image exists "localhost/podserve-$name:latest" || { echo "image localhost/podserve-$name:latest is missing: run scripts/build-images.sh" >&2; exit 1; }
    done
fi
out="$(mktemp -d)"
trap 'rm -rf "$out" ${ws:+"$ws"}' EXIT

# Busy and total jiffies of every core, from /proc/stat's first line.
cpu() { awk '/^cpu /{busy=$2+$3+$4+$7+$8+$9; print busy, busy+$5+$6; exit}' /proc/stat; }

# One `check` of every service with --jobs $1 (its JSON kept as $out/$2.json); prints "<seconds> <exit code> <busy
# share of all cores during the run>".
run() {
    local start end rc=0 b0 t0 b1 t1
    read -r b0 t0 <<<"$(cpu)"
    start=$(date +%s.%N)
    "$bin" -C "$root" check "${services[@]}" --phase "$phase" --jobs "$1" --format json --quiet >"$out/$2.json" 2>/dev/null || rc=$?
    end=$(date +%s.%N)
    read -r b1 t1 <<<"$(cpu)"
    echo "$(echo "$end - $start" | bc) $rc $(echo "($b1 - $b0) / ($t1 - $t0)" | bc -l)"
}
rounds="${ROUNDS:-1}"
serials=(); parallels=(); serial_rc=0; parallel_rc=0; serial_cpu=0; parallel_cpu=0
for round in $(seq 1 "$rounds"); do
    read -r s rc busy <<<"$(run 1 "serial-$round")"; serials+=("$s"); serial_rc=$((serial_rc | rc)); serial_cpu="$busy"
    read -r p rc busy <<<"$(run "$jobs" "parallel-$round")"; parallels+=("$p"); parallel_rc=$((parallel_rc | rc)); parallel_cpu="$busy"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
serial="$(median "${serials[@]}")"
parallel="$(median "${parallels[@]}")"
printf 'services: %s (isolation gate, %s)\n' "${services[*]}" "$([ "$root" = "$here" ] && echo "this repository's real images" || echo "tiny, quick mode")"
printf 'serial   (--jobs 1): %6.1f s%s\n' "$serial" "$([ "$rounds" -gt 1 ] && echo " (median of $rounds: ${serials[*]})")"
printf 'parallel (--jobs %s): %6.1f s%s\n' "$jobs" "$parallel" "$([ "$rounds" -gt 1 ] && echo " (median of $rounds: ${parallels[*]})")"
printf 'ratio: %.2fx serial (goal <= 0.60x)\n' "$(echo "$parallel / $serial" | bc -l)"
if [ "$serial_rc" -ne 0 ] || [ "$parallel_rc" -ne 0 ]; then
    echo "note: a check did not pass (exit $serial_rc serial, $parallel_rc parallel); the times are still the gates' wall time" >&2
fi

# What limits the speed-up, from the last round's JSON reports and the cores' busy share.
python3 - "$out/serial-$rounds.json" "$out/parallel-$rounds.json" "$serial" "$parallel" "$serial_cpu" "$parallel_cpu" "$jobs" "$(nproc)" <<'PY'
import json, sys
serial_json, parallel_json, serial, parallel, serial_cpu, parallel_cpu, jobs, cores = sys.argv[1:]
serial, parallel, serial_cpu, parallel_cpu, jobs, cores = float(serial), float(parallel), float(serial_cpu), float(parallel_cpu), int(jobs), int(cores)

def reports(path):
    try:
        data = json.load(open(path))
    except (OSError, ValueError):
        return []
    return data if isinstance(data, list) else [data]

def gate_seconds(report):
    return sum(v.get("duration_ms", 0) for v in report.get("validators") or []) / 1000

def child_cpu(report):
    return sum((v.get("metrics") or {}).get("child_cpu_seconds", 0) for v in report.get("validators") or [])

serial_reports, parallel_reports = reports(serial_json), reports(parallel_json)
print("what limits the speed-up:")
if not serial_reports:
    print("  (no JSON report from the serial run: see `podserve-gate check … --format json` for the error)")
    sys.exit(0)
gates = {r.get("service", "?"): gate_seconds(r) for r in serial_reports}
longest = max(gates, key=gates.get)
print("  serial gate times: " + ", ".join(f"{s} {t:.1f} s" for s, t in gates.items()))
waves = -(-len(gates) // max(1, jobs))
floor = gates[longest] if waves == 1 else sum(sorted(gates.values(), reverse=True)[:waves])
print(f"  longest single gate: {longest} {gates[longest]:.1f} s -> with --jobs {jobs}, parallel cannot beat about "
      f"{floor:.1f} s = {floor / serial:.2f}x serial (measured {parallel / serial:.2f}x)")
slowest = next(r for r in serial_reports if r.get("service", "?") == longest).get("validators") or []
top = sorted(slowest, key=lambda v: v.get("duration_ms", 0), reverse=True)[:3]
print(f"  {longest}'s slowest validators: " + ", ".join(f"{v.get('id')} {v.get('duration_ms', 0) / 1000:.1f} s" for v in top))
print(f"  cores busy (all {cores}, whole machine): serial {serial_cpu * 100:.0f}%, parallel {parallel_cpu * 100:.0f}%")
serial_child = sum(child_cpu(r) for r in serial_reports)
parallel_child = sum(child_cpu(r) for r in parallel_reports)
print(f"  CPU time of the tool's child processes (podman CLI, scripts; not conmon or the containers): "
      f"serial {serial_child:.1f} s, parallel {parallel_child:.1f} s")
cpu_floor = serial * serial_cpu  # core-seconds the serial run kept busy, spread over every core at best
print(f"  CPU floor: the serial run kept {cpu_floor:.1f} core-seconds busy; on {cores} cores that alone needs "
      f">= {cpu_floor / cores:.1f} s = {cpu_floor / cores / serial:.2f}x serial")
if parallel_cpu >= 0.85:
    verdict = "CPU: the cores were saturated during the parallel run (podman, runc, conmon and the services themselves)"
elif parallel <= floor * 1.15:
    verdict = f"the longest gate ({longest}): the others finished inside it"
else:
    verdict = "waiting that did not overlap: podman calls serialise on its storage and network locks (image mounts, " \
              "port set-up), and other load on the machine; compare `child_seconds` per validator in the JSON"
print(f"  limited by: {verdict}")
PY
