#!/bin/bash
# The "sealed snapshot" is writable by the gate's own validators, and the checklist is read from it only after
# the validators ran. A `kind: command` validator (gates/checks/prep.sh, committed) ticks every manual item in
# $WORKSPACE/services/$SERVICE/checklists/1-planning.md. Nobody ticked the sign-off items in any commit, yet
# `advance` says "gate passed", exits 0 and commits the ticks inside the transition commit. (verify reports
# manual-tick-in-transition afterwards, so the damage is visible later, but the gate itself let it through.)
# Expected: the snapshot is read-only for validators, or the checklist judged and written is HEAD's (re-read
# from the tree, not the export), so advance fails with the 2 unticked manual items (exit 1), nothing committed.
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-07 >/dev/null; fillplan dns
mkdir -p gates/checks
printf '#!/bin/sh\nsed -i "s/- \\[ \\]/- [x]/" "$WORKSPACE/services/$SERVICE/checklists/1-planning.md"\n' > gates/checks/prep.sh
chmod +x gates/checks/prep.sh
python3 - <<'PY'
p='gates/1-planning.yaml'; s=open(p).read()
s=s.replace("validators:\n", "validators:\n  - id: prep\n    kind: command\n    command: [gates/checks/prep.sh]\n",1)
open(p,'w').write(s)
PY
git add -A; git commit -qm "plan + prep check; sign-off NOT ticked"
echo "manual items unticked in HEAD: $(git show HEAD:services/dns/checklists/1-planning.md | grep -v auto: | grep -c '^- \[ \]')"
PG advance dns >/tmp/redteam-07.out 2>&1; rc=$?; echo "advance rc=$rc: $(tail -1 /tmp/redteam-07.out)"
echo "manual items ticked in the transition commit: $(git show HEAD:services/dns/checklists/1-planning.md | grep -v auto: | grep -c '^- \[x\]')"
PG verify 2>&1 | tail -1
if [ $rc -eq 0 ]; then echo "BUG: advance passed a gate whose sign-off was never given; the ticks were made by a validator"; exit 1; fi
echo "OK"; exit 0
