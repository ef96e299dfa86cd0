#!/bin/bash
# The tool's trailer reader is said to be a line-for-line port of git 2.39's, but on hand-made transition
# commits it disagrees with `git interpret-trailers --parse`:
#  (1) "Gate-To: isolation<U+00A0>" (no-break space): git's value keeps the NBSP, the tool trims it and reads
#      "isolation"; verify is clean, while any git-based reader sees a state that is not a phase;
#  (2) "Gate-Service : dns" (space before the colon): git reads the Gate trailers, the tool reads none
#      (verify then calls the commit state-outside-gate -- fail-safe, but a disagreement);
#  (3) "gate-service: dns" (lower-case keys): git reads trailers, the tool none (same).
# Expected: the tool's trailer set equals git's for every message (then judges keys/values strictly: a Gate-To
# value that is not exactly a phase name is a finding).
export LC_ALL=C.UTF-8
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-16 >/dev/null; ready; PG advance dns >/dev/null 2>&1
T=$(git rev-parse HEAD^{tree}); P=$(git rev-parse HEAD~1); E=$(git rev-parse HEAD:services/dns/evidence/1-planning.json)
bug=0
try() { # name, gate trailer block (printf format)
  C=$(printf "gate(dns): planning -> isolation\n\nb\n\n$2Gate-Evidence: $E\nSigned-off-by: Red Team <red@example.org>\n" | git commit-tree $T -p $P)
  git update-ref refs/heads/main $C
  g=$(git log -1 --format=%B | git interpret-trailers --parse | grep -ic '^gate-to')
  gv=$(git log -1 --format=%B | git interpret-trailers --parse | grep -i '^gate-to' | od -An -c | tr -s ' ' | head -c 60)
  t=$(PG history dns --format json | grep -c "\"commit\" : \"$C\"")
  v=$(PG verify 2>&1 | tail -1)
  echo "($1) git sees Gate-To: $g [$gv ]; tool history rows for it: $t; $v"
  case "$1" in nbsp) echo "$gv" | grep -q '302 240' && echo "$v" | grep -q clean && bug=1;; *) [ "$g" -ge 1 ] && [ "$t" -eq 0 ] && bug=1;; esac
}
try nbsp "Gate-Service: dns\nGate-From: planning\nGate-To: isolation\xc2\xa0\n"
try spacecolon "Gate-Service : dns\nGate-From : planning\nGate-To : isolation\n"
try lowercase "gate-service: dns\ngate-from: planning\ngate-to: isolation\n"
if [ $bug -eq 1 ]; then echo "BUG: the tool's trailer reading disagrees with git interpret-trailers --parse"; exit 1; fi
echo OK; exit 0
