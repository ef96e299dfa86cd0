# shared setup for red-team repro scripts (sourced)
BIN=${BIN:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.build/debug/podserve-gate}
PG() { "$BIN" "$@"; }
mkrepo() { # $1 = dir ; makes repo with gates committed and dns created with filled plan + ticks committed
  R=$1; rm -rf "$R"; mkdir -p "$R"; cd "$R" || exit 9
  git init -q -b main .
  git config user.name "Red Team"; git config user.email red@example.org; git config commit.gpgsign false
  PG init >/dev/null 2>&1 && git add -A && git commit -qm gates
  PG new dns >/dev/null 2>&1 || { echo "new failed"; exit 9; }
}
fillplan() { # $1 svc
  cat > services/$1/service.yaml <<YAML
name: $1
scope: test service
image: localhost/podserve-$1:latest
ports: [53/tcp]
data: []
config:
  env: {A: b}
health:
  liveness:  {command: [/bin/true], timeout: 2s}
  readiness: {command: [/bin/true], timeout: 2s}
targets: {startup: 5s, memory: 100MB, response: 100ms}
testing: {unit: "u", integration: "i", performance: "p", failure: ["x"]}
depends_on: []
YAML
}
tickmanual() { # $1 file : tick all non-auto items
  sed -i -E '/auto:/! s/^(\s*- )\[ \]/\1[x]/' "$1"
}
ready() { # full prep: plan + ticks committed
  fillplan dns; tickmanual services/dns/checklists/1-planning.md; git commit -qam "dns: plan"
}
sleepgate() { # $1 seconds: add a kind: command sleep validator to the planning gate, commit
  python3 - "$1" <<'PY'
import sys
p='gates/1-planning.yaml'; s=open(p).read()
s=s.replace("validators:\n", "validators:\n  - id: nap\n    kind: command\n    command: [sleep, \"%s\"]\n    timeout: 60s\n" % sys.argv[1],1)
open(p,'w').write(s)
PY
  git commit -qam "gate: nap"
}
isogate() { # isolation gate (uncommitted) = one command validator lint (gates/checks/lint.sh exit 0); $1 = extra validator lines
  cat > gates/2-isolation.yaml <<YAML
phase: isolation
title: "Phase 2: Isolation"
validators:
  - id: lint
    kind: command
    command: [gates/checks/lint.sh]
    timeout: 30s
$1
checklist: |
  # SERVICE — Phase 2
  - [ ] lint passes \`auto:lint\`
  - [ ] signed off
YAML
  printf '#!/bin/sh\nexit 0\n' > gates/checks/lint.sh; chmod +x gates/checks/lint.sh
}
mkrepo2() { # $1 dir, $2 extra isolation validator lines: like mkrepo + ready, isolation gate = `lint` (no podman)
  R=$1; rm -rf "$R"; mkdir -p "$R"; cd "$R" || exit 9
  git init -q -b main .
  git config user.name "Red Team"; git config user.email red@example.org; git config commit.gpgsign false
  PG init >/dev/null 2>&1; isogate "$2"; git add -A && git commit -qm gates
  PG new dns >/dev/null 2>&1 || { echo "new failed"; exit 9; }
  ready
}

# A tiny busybox image for the scripts that start containers, made once and kept: `tinyimage NAME 'CMD [...]'`.
# Each script names its own image, so a second script never finds one made with another CMD.
tinyimage() {
  podman image exists "$1" && return 0
  local t; t=$(mktemp -d); mkdir -p "$t/bin" "$t/tmp"; cp /bin/busybox "$t/bin/"
  for a in sh sleep test true touch; do ln -s busybox "$t/bin/$a"; done
  tar -C "$t" -c . | podman import --change "$2" - "$1" >/dev/null 2>&1; local rc=$?
  rm -rf "$t"; return $rc
}
