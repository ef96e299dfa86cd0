#!/usr/bin/env bash
# Parallel gates benchmark (issue 14): wall time of the isolation gates of several services checked one after
# another (`--jobs 1`) and at once (`--jobs N`), and their ratio (goal: parallel <= 0.6x serial on 2 cores).
#
#   bench/parallel/run.sh                 this repository's dns, apache and mail (`check … --phase isolation`;
#                                         needs their images: `scripts/podserve-gate build`)
#   bench/parallel/run.sh --quick         three tiny busybox services in a temporary workspace, isolation gate
#                                         with 2 starts and a 2 s memory settle (about 10 s per service; needs only
#                                         scripts/setup-podman.sh's probe image): a smoke run
#   JOBS=3 BIN=… bench/parallel/run.sh    jobs (default 3) and the binary (default: the debug build)
#
# What limits the speed-up: the gates spend most of their time waiting (startup and health polls, `podman stop`
# grace, five starts in a row), which overlaps well; podman's own CPU time (runc, conmon, image mounts) and the
# host's cores do not, so a loaded 2-core machine shows less gain than an idle one.
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
fi

# Prints "<seconds> <exit code>" of one `check` of every service with --jobs $1.
run() {
    local start end rc=0
    start=$(date +%s.%N)
    "$bin" -C "$root" check "${services[@]}" --phase "$phase" --jobs "$1" --quiet >/dev/null 2>&1 || rc=$?
    end=$(date +%s.%N)
    echo "$(echo "$end - $start" | bc) $rc"
}
read -r serial serial_rc <<<"$(run 1)"
read -r parallel parallel_rc <<<"$(run "$jobs")"
printf 'services: %s (isolation gate, %s)\n' "${services[*]}" "$([ "$root" = "$here" ] && echo "this repository" || echo "tiny, quick mode")"
printf 'serial   (--jobs 1): %6.1f s\n' "$serial"
printf 'parallel (--jobs %s): %6.1f s\n' "$jobs" "$parallel"
printf 'ratio: %.2fx serial (goal <= 0.60x)\n' "$(echo "$parallel / $serial" | bc -l)"
if [ "$serial_rc" -ne 0 ] || [ "$parallel_rc" -ne 0 ]; then
    echo "note: a check did not pass (exit $serial_rc serial, $parallel_rc parallel); the times are still the gates' wall time" >&2
fi
