#!/bin/bash
# Downgrade around inputs-mismatch: verify skips the inputs check for evidence whose tool_version is below 0.2.0
# (README: such evidence "names no inputs and is judged by the other rules only"). Cherry-pick a real planning
# transition onto a branch whose plan is the empty template (verify: inputs-mismatch, good), then edit its
# evidence to `"tool_version": "0.1.0"` without `inputs` and fix Gate-Evidence: verify is clean. Unlike 02 this
# needs no hand-computed tree ids, only a version string.
# Expected: evidence claiming a pre-0.2.0 tool is accepted only where it can be genuine (e.g. not in a history
# that already holds 0.2.0+ evidence, or not after a cut-over commit/date recorded in the repository).
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-21 >/dev/null; git branch emptyplan; ready; PG advance dns >/dev/null 2>&1; T=$(git rev-parse HEAD)
git checkout -q emptyplan; tickmanual services/dns/checklists/1-planning.md; git commit -qam "ticks only, empty plan"
git cherry-pick $T >/dev/null 2>&1; echo "after cherry-pick: $(PG verify 2>&1 | tail -1)"
python3 - <<'PY'
import json
p='services/dns/evidence/1-planning.json'; e=json.load(open(p)); e.pop('inputs'); e['tool_version']='0.1.0'; open(p,'w').write(json.dumps(e,indent=2))
PY
git add -A; E=$(git rev-parse :services/dns/evidence/1-planning.json)
git log -1 --format=%B | sed "s/^Gate-Evidence: .*/Gate-Evidence: $E/" | git commit -q --amend -F -
v=$(PG verify 2>&1); rc=$?; echo "after the downgrade: rc=$rc $(echo "$v" | tail -1)"
echo "dns is now: $(tail -1 services/dns/state.yaml); parent's plan: $(git show HEAD~1:services/dns/service.yaml | grep '^scope' | cut -c1-12)"
if [ $rc -eq 0 ]; then echo "BUG: a version string switches off inputs-mismatch; an empty plan passed planning, verify clean"; exit 1; fi
echo OK; exit 0
