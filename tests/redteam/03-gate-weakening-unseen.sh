#!/bin/bash
# One ordinary commit deletes the "## Sign-off" items from gates/1-planning.yaml and from the checklist, and
# drops the plan-complete validator; the plan stays the empty template. advance passes with no sign-off and no
# plan, verify is clean, and `review base..main` (what goes on the pull request) does not mention that the gate
# changed at all. Expected: at least review (and ideally verify/status) names gate-file changes in the range,
# e.g. "gates/1-planning.yaml changed in <commit>: removed 2 manual items, removed validator plan-complete".
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-03 >/dev/null; git branch base
python3 - <<'PY'
import re
p='gates/1-planning.yaml'; s=open(p).read()
s=s[:s.index('  ## Sign-off')]
s=re.sub(r'  - id: plan-complete.*?\n(?=  - id:)', '', s, flags=re.S)
s='\n'.join(l for l in s.split('\n') if 'auto:plan-complete' not in l)
open(p,'w').write(s)
p='services/dns/checklists/1-planning.md'; s=open(p).read()
s=s[:s.index('## Sign-off')]
s='\n'.join(l for l in s.split('\n') if 'auto:plan-complete' not in l)
open(p,'w').write(s)
PY
git commit -qam "tidy"
PG advance dns >/dev/null 2>&1; echo "advance with an empty plan and no sign-off: rc=$?"
v=$(PG verify 2>&1); vrc=$?; echo "verify rc=$vrc: $(echo "$v"|tail -1)"
r=$(PG review base..main --format markdown 2>&1)
if [ "$(git rev-parse HEAD:services/dns/state.yaml)" != "$(git rev-parse HEAD~1:services/dns/state.yaml)" ] && [ $vrc -eq 0 ] && ! echo "$r" | grep -q 'gates/'; then
  echo "BUG: dns moved to isolation with its gate gutted; verify clean and review never mentions gates/:"; echo "$r" | head -8 | sed 's/^/   /'; exit 1; fi
echo "OK: the gate change is surfaced"; exit 0
