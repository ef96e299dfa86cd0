#!/bin/bash
# kill -9 of `advance` leaves (a) the private snapshot export /tmp/podserve-gate-snapshot-XXXXXX (a full copy of
# the service folder, gates/ and other inputs) and (b) `.git/.podserve-gate-transition.journal.podserve-gate-
# <pid>-<n>.tmp` files; no later command (status, advance) removes them, so they pile up (this machine's /tmp
# held 150+ snapshot folders after test runs). The transition itself is repaired correctly.
# Expected: the next podserve-gate command removes stale snapshots / journal temp files whose owner pid is gone
# (or the snapshot lives under .git/ where it is found and cleaned), and says so.
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-12 >/dev/null; ready; M=marker-$$-$RANDOM; echo $M > services/dns/$M.txt; git add -A; git commit -qm marker; git tag start
count() { ls -d ${TMPDIR:-/tmp}/podserve-gate-snapshot-*/services/dns/$M.txt 2>/dev/null | wc -l; }
before=$(count)
for i in $(seq 1 30); do
  git reset -q --hard start; git clean -fdq
  d=$(python3 -c "import random;print(random.uniform(0.05,0.3))")
  "$BIN" advance dns >/dev/null 2>&1 & p=$!; sleep $d; kill -9 $p 2>/dev/null; wait $p 2>/dev/null
  "$BIN" status >/dev/null 2>&1
done
after=$(count)
jt=$(ls -a .git | grep -c 'journal.*\.tmp$')
echo "snapshot folders of this repository in /tmp: $before before, $after after 30 kills (each followed by status); journal .tmp files in .git: $jt"
if [ $after -gt $before ] || [ $jt -gt 0 ]; then echo "BUG: temporary files left behind after kill -9 and never cleaned"; exit 1; fi
echo OK; exit 0
