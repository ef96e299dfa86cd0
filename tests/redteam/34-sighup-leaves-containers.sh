#!/bin/bash
# Only SIGINT and SIGTERM are handled: a SIGHUP (the terminal closed, the ssh session dropped) kills `check`
# with the default action, no cleanup runs, and the containers the run started stay (running) for good.
# `check a b --jobs 2` on a tiny busybox image; SIGHUP to its process group once its containers run.
# Expected: SIGHUP (and SIGQUIT) are handled like SIGINT: every container and pod of the run removed, exit 130.
. "$(dirname "$0")/lib.sh"
command -v podman >/dev/null || { echo "no podman"; exit 9; }
IMG=localhost/podserve-gate-redteam-34:1
tinyimage $IMG 'CMD ["/bin/sh","-c","touch /tmp/alive /tmp/ready; trap \"exit 0\" TERM; while :; do sleep 1; done"]' || exit 9
R=/tmp/redteam-34; rm -rf $R; mkdir -p $R; cd $R; git init -q -b main; git config user.name R; git config user.email r@example.org; git config commit.gpgsign false
PG init >/dev/null 2>&1; git add -A; git commit -qm gates
for s in hupa hupb; do PG new $s >/dev/null 2>&1; cat > services/$s/service.yaml <<Y
name: $s
scope: t
image: $IMG
ports: [8080/tcp]
data: []
config:
  env: {A: b}
health:
  liveness:  {command: [test, -f, /tmp/alive], timeout: 2s}
  readiness: {command: [test, -f, /tmp/ready], timeout: 2s}
targets: {startup: 5s, memory: 100MB, response: 100ms}
testing: {unit: "u", integration: "i", performance: "p", failure: ["x"]}
depends_on: []
Y
tickmanual services/$s/checklists/1-planning.md; done
git add -A; git commit -qm plans; PG advance hupa hupb >/dev/null 2>&1 || { echo "setup: planning"; exit 9; }
setsid "$BIN" check hupa hupb --jobs 2 > out.txt 2>&1 &
P=$!; seen=0
for i in $(seq 1 100); do sleep 0.2; n=$(podman ps -a --format '{{.Names}}' | grep -c -- "-$P-"); [ "$n" -gt 0 ] && { seen=$n; break; }; done
[ $seen -gt 0 ] || { echo "setup: no container of run $P seen"; kill -INT -- -$P; wait $P; exit 9; }
kill -HUP -- -$P; wait $P; rc=$?; sleep 3
left=$(podman ps -a --format '{{.Names}}' | grep -- "-$P-")
echo "containers while running: $seen; after SIGHUP: rc=$rc, left: $(echo -n "$left" | grep -c .)"
for c in $left; do podman rm -f "$c" >/dev/null 2>&1; done
for p in $(podman pod ps --format '{{.Name}}' | grep -- "-$P-"); do podman pod rm -f "$p" >/dev/null 2>&1; done
if [ -n "$left" ]; then echo "BUG: SIGHUP leaves the run's containers behind"; exit 1; fi
echo OK; exit 0
