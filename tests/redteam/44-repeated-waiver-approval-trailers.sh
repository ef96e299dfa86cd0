#!/bin/bash
# Finding 01 (repeated Gate-* trailers) was closed for transitions only. A hand-made waiver commit with
# `Gate-Waiver-Validator: style` then `Gate-Waiver-Validator: lint` (or `Gate-Waiver-Expires: 2099-01-01` then a
# date within max_days) is read last-wins by the tool: `check`/`advance` pass on a waiver of lint and `verify` is
# clean, while git's readers (`%(trailers:key=…)`, interpret-trailers, a dashboard, a reviewer's `git log`) show
# style / 2099-01-01 first. Same for an approval commit repeating Gate-Service (dns, then mail): counted for mail.
# Expected: a waiver or approval that repeats one of its trailers counts as none, and verify flags it.
. "$(dirname "$0")/lib.sh"
mkrepo2 /tmp/redteam-44 >/dev/null; PG advance dns >/dev/null 2>&1
printf '#!/bin/sh\nexit 1\n' > gates/checks/lint.sh; tickmanual services/dns/checklists/2-isolation.md; git commit -qam "lint fails; sign-off"
EXP=$(date -u -d '+10 days' +%F); mkdir -p services/dns/waivers
printf 'service: dns\nphase: isolation\nvalidator: lint\nexpires: %s\n' $EXP > services/dns/waivers/lint.yaml; git add -A
printf 'gate(dns): waive style until %s\n\nRed Team waives style.\n\nGate-Waiver-Service: dns\nGate-Waiver-Phase: isolation\nGate-Waiver-Validator: style\nGate-Waiver-Validator: lint\nGate-Waiver-Expires: %s\nGate-Waiver-Owner: red@example.org\nGate-Waiver-Reason: one\nSigned-off-by: Red Team <red@example.org>\n' $EXP $EXP | git commit -q -F -
echo "git reads the validator as: $(git log -1 --format='%(trailers:key=Gate-Waiver-Validator,valueonly,separator=%x2C)')"
PG check dns >/dev/null 2>&1; crc=$?
out=$(PG verify --no-cache 2>&1); vrc=$?
echo "check rc=$crc; verify rc=$vrc: $(echo "$out" | grep -o 'repeats trailer.*' | head -1)"
bug=0; { [ $crc -eq 0 ] || [ $vrc -eq 0 ]; } && bug=1
# An approval commit repeating Gate-Service.
printf 'gate(dns): approve isolation as qa\n\nGate-Service: dns\nGate-Service: mail\nGate-Phase: isolation\nGate-Approval: qa\nSigned-off-by: Red Team <red@example.org>\n' | git commit -q --allow-empty -F -
out=$(PG verify --no-cache 2>&1); echo "approval: $(echo "$out" | grep -o 'approval-outside-gate.*repeats.*' | head -1)"
echo "$out" | grep -q "approval-outside-gate.*repeats trailer(s) Gate-Service" || bug=1
if [ $bug -eq 1 ]; then echo "BUG: a waiver or approval that repeats a trailer counts (last value wins) and verify is clean"; exit 1; fi
echo OK; exit 0
