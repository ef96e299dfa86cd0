#!/bin/bash
# Hand-forged planning transition: the plan is the empty template (check fails 15 gaps), the manual items
# are ticked, the evidence JSON is copied from a real run with every validator "pass" and with the inputs
# (commit, gates tree, service tree) computed by hand from the parent. verify recomputes only the input ids,
# never re-judges the planning gate (which is pure: it needs only the parent's tree), so it says clean.
# Expected: verify re-runs the deterministic planning validators on the parent (or otherwise refuses evidence
# the gate could not have produced) and reports the transition.
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-02-src >/dev/null; ready; PG advance dns >/dev/null 2>&1
REAL=/tmp/redteam-02-src/services/dns/evidence/1-planning.json
mkrepo /tmp/redteam-02 >/dev/null; tickmanual services/dns/checklists/1-planning.md; git commit -qam "dns: ticks only, plan left empty"
PG check dns >/dev/null 2>&1; echo "check on the parent: rc=$? (1 = gate fails)"
P=$(git rev-parse HEAD)
SVC=$(git ls-tree HEAD services/dns/ | grep -v -e 'evidence$' -e 'state.yaml$' | sed 's#services/dns/##' | git mktree)
GT=$(git rev-parse HEAD:gates)
mkdir -p services/dns/evidence
python3 - "$P" "$GT" "$SVC" "$REAL" <<'PY'
import json,sys
e=json.load(open(sys.argv[4]))
e['inputs']={'commit':sys.argv[1],'gates':sys.argv[2],'paths':{'base-images.yaml':'-'},'service':sys.argv[3]}
open('services/dns/evidence/1-planning.json','w').write(json.dumps(e,indent=2))
PY
sed -i 's/phase: planning/phase: isolation/' services/dns/state.yaml
sed -i -E '/auto:/ s/^(\s*- )\[ \]/\1[x]/' services/dns/checklists/1-planning.md
git add -A; E=$(git rev-parse :services/dns/evidence/1-planning.json)
printf 'gate(dns): planning -> isolation\n\nforged by hand\n\nGate-Service: dns\nGate-From: planning\nGate-To: isolation\nGate-Evidence: %s\nSigned-off-by: Red Team <red@example.org>\n' $E | git commit -q -F -
out=$(PG verify 2>&1); rc=$?; echo "verify (rc=$rc): $(echo "$out" | tail -1)"
PG status | sed 's/^/   /'
if [ $rc -eq 0 ]; then echo "BUG: dns is in isolation with an empty plan, no gate ever passed, verify is clean"; exit 1; fi
echo "OK: verify refused the forged transition"; exit 0
