#!/bin/bash
# The verify cache hides the evidence downgrade of finding 21: `refuseDowngrades` only compares the transitions
# of the audited range, so an incremental run (cached tip = the parent) never sees the earlier sealed transition.
# dns passes planning (sealed evidence), `verify` caches that tip; then lint is made to fail and an
# isolation -> performance transition is forged by hand with pre-0.2.0 evidence (no inputs). `verify --no-cache`
# reports the downgrade (inputs-mismatch), the plain `verify` right after the cached run says clean (exit 0);
# `review main~1..main` misses it the same way.
# Expected: an incremental audit (and a review range) finds sealed evidence before the range as a full one does.
. "$(dirname "$0")/lib.sh"
mkrepo2 /tmp/redteam-30 >/dev/null; PG advance dns >/dev/null 2>&1
printf '#!/bin/sh\nexit 1\n' > gates/checks/lint.sh; tickmanual services/dns/checklists/2-isolation.md
git commit -qam "lint now fails; isolation sign-off"
PG verify >/dev/null 2>&1   # warms the cache at this tip
mkdir -p services/dns/evidence
python3 - <<'PY'
import json
e={"artifacts":{},"environment":{},"finished_at":"2026-11-30T20:47:24.333Z","passed":True,"phase":"isolation","service":"dns",
   "started_at":"2026-11-30T20:47:24.327Z","tool":"podserve-gate","tool_version":"0.1.0",
   "validators":[{"attempts":1,"duration_ms":4.8,"id":"lint","kind":"command","message":"passed","metrics":{},"output":"","passes":1,"status":"pass"}]}
open('services/dns/evidence/2-isolation.json','w').write(json.dumps(e,indent=2))
PY
sed -i 's/phase: isolation/phase: performance/' services/dns/state.yaml
sed -i -E '/auto:/ s/^(\s*- )\[ \]/\1[x]/' services/dns/checklists/2-isolation.md
git add -A; E=$(git rev-parse :services/dns/evidence/2-isolation.json)
printf 'gate(dns): isolation -> performance\n\nforged\n\nGate-Service: dns\nGate-From: isolation\nGate-To: performance\nGate-Evidence: %s\nSigned-off-by: Red Team <red@example.org>\n' $E | git commit -q -F -
inc=$(PG verify 2>&1); irc=$?; full=$(PG verify --no-cache 2>&1); frc=$?
rev=$(PG review main~1..main --format json 2>&1); rrc=$?
echo "verify (cache): rc=$irc $(echo "$inc" | tail -1)"; echo "verify --no-cache: rc=$frc $(echo "$full" | tail -1)"
echo "review main~1..main: rc=$rrc, mentions the downgrade: $(echo "$rev" | grep -c 'downgrade')"
if [ $frc -ne 1 ]; then echo "setup: --no-cache should flag the downgrade"; exit 9; fi
if [ $irc -eq 0 ] || ! echo "$rev" | grep -q downgrade; then echo "BUG: the cached/range audit reports clean what the full audit flags"; exit 1; fi
echo OK; exit 0
