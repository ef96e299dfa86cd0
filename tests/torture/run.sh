#!/usr/bin/env bash
# tests/torture/run.sh — kill -9 `podserve-gate advance` at many points and prove every crash point is safe.
#
#   tests/torture/run.sh [--short | --long] [BINARY]
#
# Each round copies a prepared repository (dns planned and signed off, so its planning gate passes), starts
# `advance dns`, and kills it with SIGKILL either at an injected pause (PODSERVE_GATE_PAUSE_AT: before the
# branch moves, right after it moved, after the index was written) or after a random delay. After every kill:
#   - `git fsck` is clean;
#   - HEAD is the old commit or the transition commit on top of it (never anything else);
#   - after the next command (`status`), the index and work tree equal HEAD for services/ (nothing staged,
#     nothing modified: no half-landed transition, no staged revert);
#   - the next `advance` succeeds (when the kill came before the branch moved) or `verify` is clean (after).
# Prints one line per round and a summary; exits 1 on the first violated property.
set -euo pipefail
mode=short
case "${1:-}" in --short) shift ;; --long) mode=long; shift ;; esac
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-${PODSERVE_GATE_BIN:-$here/../../.build/debug/podserve-gate}}"
[ -x "$bin" ] || { echo "torture: no binary at $bin (build first or pass its path)" >&2; exit 2; }
work="$(mktemp -d /tmp/podserve-torture-XXXXXX)"
trap 'rm -rf "$work"' EXIT

export GIT_AUTHOR_NAME=Torture GIT_AUTHOR_EMAIL=torture@example.com
export GIT_COMMITTER_NAME=Torture GIT_COMMITTER_EMAIL=torture@example.com

template="$work/template"
git init -q -b main "$template"
(
    cd "$template"
    git config user.name Torture && git config user.email torture@example.com && git config commit.gpgsign false
    "$bin" init >/dev/null 2>&1
    git add -A && git commit -qm gates
    "$bin" new dns >/dev/null 2>&1
    cat > services/dns/service.yaml <<'YAML'
name: dns
scope: dns service for the torture test
image: localhost/podserve-dns:latest
ports: [53/udp]
data: [/var/lib/dns]
config:
  env: {DOMAIN: podserve.local}
health:
  liveness: {command: [/bin/true], timeout: 2s}
  readiness: {command: [/bin/true], timeout: 2s}
targets: {startup: 5s, memory: 100MB, response: 100ms, throughput: 1000/s, soak: 1h}
testing:
  unit: config renders
  integration: pod-internal requests
  performance: load loop
  failure: [dependency unavailable, config errors]
depends_on: []
integration:
  communication: []
  shared: []
  failure: []
  tests: []
YAML
    sed -i '/auto:/!s/- \[ \]/- [x]/' services/dns/checklists/1-planning.md
    git add -A && git commit -qm "plan dns"
)
old_head="$(git -C "$template" rev-parse HEAD)"

rounds=0
fail() { echo "torture: FAIL round $rounds ($1): $2" >&2; exit 1; }

# One round: $1 = label, then the environment to run advance with; the kill comes from the caller's strategy.
check_after_kill() {
    local label="$1" repo="$2"
    git -C "$repo" fsck --no-progress >/dev/null 2>&1 || fail "$label" "git fsck reports problems"
    local head
    head="$(git -C "$repo" rev-parse HEAD)"
    if [ "$head" != "$old_head" ]; then
        [ "$(git -C "$repo" rev-parse HEAD~1)" = "$old_head" ] || fail "$label" "HEAD $head is neither old nor one transition on top"
        git -C "$repo" log -1 --format=%s | grep -q '^gate(dns): planning -> isolation$' || fail "$label" "HEAD is not the transition"
    fi
    "$bin" -C "$repo" status >/dev/null 2>"$work/status.err" || fail "$label" "status after the kill failed: $(cat "$work/status.err")"
    [ -z "$(git -C "$repo" status --porcelain -- services)" ] \
        || fail "$label" "index/work tree differ from HEAD after the next command: $(git -C "$repo" status --porcelain -- services | tr '\n' ' ')"
    if [ "$head" = "$old_head" ]; then
        "$bin" -C "$repo" advance dns >/dev/null 2>"$work/advance.err" || fail "$label" "the next advance failed: $(cat "$work/advance.err")"
        [ -z "$(git -C "$repo" status --porcelain)" ] || fail "$label" "work tree not clean after the next advance"
        echo "round $rounds $label: killed before landing; next advance landed"
    else
        "$bin" -C "$repo" verify >/dev/null || fail "$label" "verify is not clean after a landed transition"
        echo "round $rounds $label: killed after landing; repaired by the next command"
    fi
}

run_round() {
    local label="$1" point="$2" delay="$3"
    rounds=$((rounds + 1))
    local repo="$work/r$rounds"
    cp -a "$template" "$repo"
    local pause="$work/pause-$rounds"
    if [ -n "$point" ]; then
        PODSERVE_GATE_PAUSE_AT="$point" PODSERVE_GATE_PAUSE_FILE="$pause" "$bin" -C "$repo" advance dns >/dev/null 2>&1 &
        local pid=$!
        for _ in $(seq 1 1200); do [ -e "$pause" ] && break; sleep 0.05; done
        [ -e "$pause" ] || { kill -9 "$pid" 2>/dev/null || true; fail "$label" "never reached pause point $point"; }
        kill -9 "$pid"
    else
        "$bin" -C "$repo" advance dns >/dev/null 2>&1 &
        local pid=$!
        sleep "$delay"
        kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    check_after_kill "$label" "$repo"
    rm -rf "$repo"
}

for point in before-ref-move after-ref-move after-index; do
    run_round "pause:$point" "$point" 0
done
random_rounds=8
[ "$mode" = long ] && random_rounds=150
RANDOM=20261130
for _ in $(seq 1 "$random_rounds"); do
    delay="0.$(printf '%03d' $((RANDOM % 200)))"
    run_round "kill-after:${delay}s" "" "$delay"
done
echo "torture: $rounds passed, 0 failed ($mode)"
