#!/bin/bash
# The same service named twice: `advance dns dns` ran dns's planning gate, landed it, then ran its isolation gate
# and landed that too (two phases in one command that promises "run the current gate"); `advance dns dns --jobs 2`
# landed one and exited 3 (environment) saying "another podserve-gate run is working on 'dns'" — its own lock.
# Expected: a service named twice is refused as a usage error (64) before anything runs, serial or parallel.
. "$(dirname "$0")/lib.sh"
mkrepo2 /tmp/redteam-42 '' >/dev/null
sed -i -E 's/^(\s*- )\[ \] signed off/\1[x] signed off/' services/dns/checklists/2-isolation.md; git commit -qam "sign isolation"
base=$(git rev-parse HEAD); bug=0
for jobs in 1 2; do
  git reset -q --hard $base
  PG advance dns dns --jobs $jobs >/dev/null 2>&1; rc=$?
  n=$(git rev-list --count $base..HEAD)
  echo "advance dns dns --jobs $jobs: rc=$rc, $n transition(s) landed"
  { [ $rc -ne 64 ] || [ $n -ne 0 ]; } && bug=1
done
PG check dns dns >/dev/null 2>&1; rc=$?; echo "check dns dns: rc=$rc"; [ $rc -ne 64 ] && bug=1
if [ $bug -eq 1 ]; then echo "BUG: a service named twice runs twice (or exits 3 on its own lock)"; exit 1; fi
echo OK; exit 0
