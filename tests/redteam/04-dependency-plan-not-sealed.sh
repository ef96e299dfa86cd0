#!/bin/bash
# dns depends on mail. While `advance dns` runs (a 3 s `kind: command` validator in the planning gate), another
# commit lands that makes mail depend on dns (a cycle). The dependency's plan is not among the sealed inputs,
# so the transition lands on the new tip with evidence "no-dependency-cycle: pass" and inputs that verify
# recomputes as equal; verify is clean though the transition's parent holds the cycle the gate exists to refuse.
# Expected: dependencies' plans are judged inputs (exit 3, nothing committed, when they moved) or verify flags it.
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-04 >/dev/null; sleepgate 3; PG new mail >/dev/null 2>&1
fillplan dns; sed -i 's/depends_on: \[\]/depends_on: [mail]/' services/dns/service.yaml
fillplan mail; tickmanual services/dns/checklists/1-planning.md; git commit -qam "plans: dns depends on mail"
(PG advance dns >/tmp/redteam-04.out 2>&1; echo $? >/tmp/redteam-04.rc) & sleep 1
sed -i 's/depends_on: \[\]/depends_on: [dns]/' services/mail/service.yaml; git commit -qam "mail depends on dns"; wait
echo "advance rc=$(cat /tmp/redteam-04.rc): $(tail -1 /tmp/redteam-04.out)"
echo "parent of HEAD: $(git log -1 --format=%s HEAD~1); HEAD: $(git log -1 --format=%s)"
echo "no-dependency-cycle in the evidence: $(grep -A8 '"id" : "no-dependency-cycle"' services/dns/evidence/1-planning.json | grep '"status"')"
v=$(PG verify 2>&1); vrc=$?; echo "verify rc=$vrc: $(echo "$v" | tail -1)"
if git log -1 --format=%s | grep -q 'planning -> isolation' && git show HEAD~1:services/mail/service.yaml | grep -q 'depends_on: \[dns\]' && [ $vrc -eq 0 ]; then
  echo "BUG: a transition judged 'no cycle' landed on a commit with the cycle dns->mail->dns and verify is clean"; exit 1; fi
echo "OK"; exit 0
