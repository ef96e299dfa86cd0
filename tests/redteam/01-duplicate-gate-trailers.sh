#!/bin/bash
# A transition commit with two Gate-To trailers (ready, then isolation): git interpret-trailers/--format
# reads "ready,isolation" (the first says ready), the tool silently takes the last one and verify says clean.
# Expected: verify refuses a transition whose Gate-* trailer appears more than once (ambiguous record).
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-01 >/dev/null; ready; PG advance dns >/dev/null 2>&1
T=$(git rev-parse HEAD^{tree}); P=$(git rev-parse HEAD~1); E=$(git rev-parse HEAD:services/dns/evidence/1-planning.json)
C=$(printf 'gate(dns): planning -> isolation\n\nb\n\nGate-Service: dns\nGate-From: planning\nGate-To: ready\nGate-To: isolation\nGate-Evidence: %s\nSigned-off-by: Red Team <red@example.org>\n' $E | git commit-tree $T -p $P)
git update-ref refs/heads/main $C
echo "git reads Gate-To as: $(git log -1 --format='%(trailers:key=Gate-To,valueonly,separator=%x2C)')"
echo "git interpret-trailers --parse:"; git log -1 --format=%B | git interpret-trailers --parse | sed 's/^/   /'
echo "tool history: $(PG history dns --format json | grep -c '"to" : "isolation"') row(s) to isolation"
out=$(PG verify 2>&1); rc=$?; echo "verify (rc=$rc): $out" | tail -2
if [ $rc -eq 0 ]; then echo "BUG: verify is clean although the commit records two different Gate-To values"; exit 1; fi
echo "OK: verify refused the ambiguous transition"; exit 0
