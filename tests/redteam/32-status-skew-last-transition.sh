#!/bin/bash
# `status` finds a service's last transition by a commit-date walk that stops at the first transition it meets.
# With one commit dated in the past (an amended/rebased commit, a skewed clock; equal timestamps in a
# breadth-first tie do the same) the walk reaches an ancestor transition first: dns's isolation -> performance
# transition (dated 2020) sits on a side branch merged into main; `status` prints phase performance but
# "last transition planning -> isolation" (and that commit's signer), contradicting state.yaml at HEAD and the
# history (`git log --topo-order`, `history dns`). The report's board reads the same walk. Second shape: a
# normal-dated transition of another service (mail) on top of the skewed one.
# Expected: the last transition status shows is the newest in topological order (never an ancestor of another
# transition of the service), whatever the commit dates.
. "$(dirname "$0")/lib.sh"
mkrepo2 /tmp/redteam-32 >/dev/null; PG advance dns >/dev/null 2>&1
tickmanual services/dns/checklists/2-isolation.md; git commit -qam "isolation sign-off"
git checkout -q -b side; PG advance dns >/dev/null 2>&1 || { echo "setup: advance"; exit 9; }
GIT_COMMITTER_DATE="2020-01-01T00:00:00Z" git commit -q --amend --no-edit --allow-empty
T2=$(git rev-parse --short=12 HEAD)
git checkout -q main; echo x > notes.txt; git add notes.txt; git commit -qm "unrelated"; git merge -q --no-edit side
last=$(PG status dns --format json | python3 -c 'import json,sys; l=json.load(sys.stdin)[0]["last"]; print(l["from"], "->", l["to"], l["commit"])')
echo "state.yaml: $(tail -1 services/dns/state.yaml); status last transition: $last; true last: isolation -> performance $T2"
if [ "$last" != "isolation -> performance $T2" ]; then echo "BUG: status shows an older transition than the one HEAD's state came from"; exit 1; fi
mkrepo2 /tmp/redteam-32b >/dev/null; PG new mail >/dev/null 2>&1; fillplan mail; tickmanual services/mail/checklists/1-planning.md
git commit -qam "mail: plan"; PG advance dns >/dev/null 2>&1; tickmanual services/dns/checklists/2-isolation.md; git commit -qam "isolation sign-off"
git checkout -q -b side; PG advance dns >/dev/null 2>&1 || { echo "setup: advance dns"; exit 9; }
GIT_COMMITTER_DATE="2020-01-01T00:00:00Z" git commit -q --amend --no-edit --allow-empty; T2=$(git rev-parse --short=12 HEAD)
PG advance mail >/dev/null 2>&1 || { echo "setup: advance mail"; exit 9; }
git checkout -q main; echo x > notes.txt; git add notes.txt; git commit -qm "unrelated"; git merge -q --no-edit side
last=$(PG status --format json | python3 -c 'import json,sys; l=[r for r in json.load(sys.stdin) if r["service"]=="dns"][0]["last"]; print(l["from"], "->", l["to"], l["commit"])')
echo "with mail advanced on top: status last transition of dns: $last; true last: isolation -> performance $T2"
if [ "$last" != "isolation -> performance $T2" ]; then echo "BUG: status shows an older transition than the one HEAD's state came from"; exit 1; fi
echo OK; exit 0
