#!/bin/bash
# A gate file with `retries: 1000000000` on a failing `kind: command` validator is accepted; `check` then runs
# for hours (killed here after 20 s). Timeouts are per attempt, so nothing bounds the run as a whole.
# Expected: retries (and timeout) have a sane upper bound checked when the gate file is read (exit 2 with
# gates/1-planning.yaml:line:column naming the limit), like the YAML limits.
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-10 >/dev/null; fillplan dns; git commit -qam plan
python3 - <<'PY'
p='gates/1-planning.yaml'; s=open(p).read()
s=s.replace("validators:\n", "validators:\n  - id: flaky\n    kind: command\n    command: [\"false\"]\n    retries: 1000000000\n    timeout: 1s\n",1)
open(p,'w').write(s)
PY
git commit -qam "gate: flaky"
start=$(date +%s); timeout 20 "$BIN" check dns >/dev/null 2>/tmp/redteam-10.err; rc=$?; took=$(( $(date +%s)-start ))
echo "check rc=$rc after ${took}s; stderr: $(grep -m1 attempt /tmp/redteam-10.err)"
if [ $rc -eq 124 ]; then echo "BUG: check did not finish within 20 s (retries unbounded)"; exit 1; fi
echo "OK"; exit 0
