#!/bin/bash
# `retries: 9223372036854775807` (Int.max) on a validator in a gate file is accepted by the parser, and `check`
# then dies by signal: "Swift runtime failure: arithmetic overflow", SIGILL (exit 132), with a backtrace -- the
# attempt count is retries + 1. Any committed gate file can crash check/advance of every service this way.
# Expected: exit 2 with gates/1-planning.yaml:line:column naming the bound (see also 10-unbounded-retries-hang).
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-18 >/dev/null; ready
python3 - <<'PY'
p='gates/1-planning.yaml'; s=open(p).read()
s=s.replace("validators:\n", "validators:\n  - id: v\n    kind: command\n    command: [\"true\"]\n    retries: 9223372036854775807\n",1)
open(p,'w').write(s)
PY
git commit -qam "gate: retries"
timeout 30 "$BIN" check dns >/dev/null 2>/tmp/redteam-18.err; rc=$?
echo "check rc=$rc; stderr: $(grep -m1 -i -e 'runtime failure' -e error /tmp/redteam-18.err)"
if [ $rc -ge 128 ] && [ $rc -ne 130 ]; then echo "BUG: killed by signal $((rc-128))"; exit 1; fi
echo OK; exit 0
