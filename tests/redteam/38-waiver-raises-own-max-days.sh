#!/bin/bash
# A hand-made waiver commit (the trailers `waive` writes) that also raises `max_days` to 3650 in
# gates/2-isolation.yaml, with an expiry five years out: verify judges a waiver "under the gate file in its own
# commit", so the waiver that relaxed its own policy is valid; `check` and `advance` count it (HEAD's gate holds
# the new max_days) and `verify` is clean. `git log --oneline` shows only "gate(dns): waive lint until …" (review
# does list the gate change). `waive` itself only ever writes the waivers/ copy.
# Expected: verify flags a waiver commit that also changes gates/ (waiver-outside-gate), as it does one that
# changes a state.yaml.
. "$(dirname "$0")/lib.sh"
mkrepo2 /tmp/redteam-38 >/dev/null; PG advance dns >/dev/null 2>&1
printf '#!/bin/sh\nexit 1\n' > gates/checks/lint.sh; tickmanual services/dns/checklists/2-isolation.md; git commit -qam "lint fails; sign-off"
sed -i 's/^    timeout: 30s$/    timeout: 30s\n    waiver: {max_days: 3650}/' gates/2-isolation.yaml
EXP=$(date -u -d '+5 years' +%F); mkdir -p services/dns/waivers
printf 'service: dns\nphase: isolation\nvalidator: lint\nexpires: %s\n' $EXP > services/dns/waivers/lint.yaml; git add -A
printf 'gate(dns): waive lint until %s\n\nRed Team waives lint.\n\nGate-Waiver-Service: dns\nGate-Waiver-Phase: isolation\nGate-Waiver-Validator: lint\nGate-Waiver-Expires: %s\nGate-Waiver-Owner: red@example.org\nGate-Waiver-Reason: long one\nSigned-off-by: Red Team <red@example.org>\n' $EXP $EXP | git commit -q -F -
PG advance dns >/dev/null 2>&1; arc=$?
out=$(PG verify --no-cache 2>&1); vrc=$?
echo "advance rc=$arc (dns: $(tail -1 services/dns/state.yaml)); verify rc=$vrc: $(echo "$out" | grep -o 'waiver-outside-gate.*' | head -1)"
if [ $vrc -eq 0 ]; then echo "BUG: a waiver commit that raises its own max_days verifies clean"; exit 1; fi
echo OK; exit 0
