#!/bin/bash
# `unwaive` ends only the waiver commits it names: a second waiver written on a side branch from the same two
# approvals (each waiver "consumes" the approvals since the previous one, but only along its own ancestry) is not
# ended, and merging that branch after the unwaive brings the waiver back: `check` counts it, `advance` passes on
# it and `verify` is clean. Two approvers consented to one waiver; the team ended it; it is back without anyone
# approving again.
# Expected: an unwaive ends every waiver of that validator that its history did not hold yet (a waiver written
# on a branch without the unwaive does not survive a merge after it), in check/advance and in verify alike.
. "$(dirname "$0")/lib.sh"
mkrepo2 /tmp/redteam-31 "    waiver: {max_days: 30, approvals: {role: qa, required: 2, approvers: [a@example.org, b@example.org]}}" >/dev/null
PG advance dns >/dev/null 2>&1
printf '#!/bin/sh\nexit 1\n' > gates/checks/lint.sh; tickmanual services/dns/checklists/2-isolation.md; git commit -qam "lint fails; sign-off"
as() { local e=$1; shift; git config user.email "$e"; PG "$@" >/dev/null 2>&1; local rc=$?; git config user.email red@example.org; return $rc; }
EXP=$(date -u -d '+10 days' +%F)
as a@example.org approve dns --waiver lint && as b@example.org approve dns --waiver lint || { echo "setup: approvals failed"; exit 9; }
git checkout -q -b side; PG waive dns lint --reason "kept aside" --expires $EXP >/dev/null 2>&1 || { echo "setup: side waiver"; exit 9; }
git checkout -q main; PG waive dns lint --reason "the approved one" --expires $EXP >/dev/null 2>&1 || { echo "setup: waiver"; exit 9; }
PG unwaive dns lint >/dev/null 2>&1 || { echo "setup: unwaive"; exit 9; }
PG check dns >/dev/null 2>&1 && { echo "setup: check passes right after unwaive"; exit 9; }
git merge -q --no-edit side >/dev/null 2>&1; git checkout -q --theirs services/dns/waivers/lint.yaml; git add -A; git commit -q --no-edit
PG check dns >/dev/null 2>&1; crc=$?
PG advance dns >/dev/null 2>&1; arc=$?
PG verify --no-cache >/dev/null 2>&1; vrc=$?
echo "after merging the side branch: check rc=$crc, advance rc=$arc, verify rc=$vrc; dns: $(tail -1 services/dns/state.yaml)"
if [ $crc -eq 0 ] || [ $arc -eq 0 ]; then echo "BUG: the unwaived validator is waived again by a waiver from the same approvals"; exit 1; fi
echo OK; exit 0
