#!/bin/bash
# Checklists are the one committed input with no size bound: a 7 MB checklist (400,000 one-line items) makes
# `status` take ~330 MB RSS and ~5 s, `verify` ~300 MB and ~14 s, `report` ~16 s (about 800 bytes of memory
# per 18-byte item). YAML inputs are capped at 1 MiB and the fuzz harness bounds runs at 150 MB peak RSS.
# Expected: a size/item limit on checklists (exit 2 naming the file and limit) or memory that stays bounded.
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-06 >/dev/null; ready
python3 -c "
with open('services/dns/checklists/1-planning.md','a') as f:
  for i in range(400000): f.write('- [x] item %d\n'%i)"
git commit -qam "big checklist"
/usr/bin/time -f "%M %e" -o /tmp/redteam-06.t "$BIN" status >/dev/null 2>&1; rc=$?
read kb secs < /tmp/redteam-06.t
echo "status on a $(stat -c %s services/dns/checklists/1-planning.md)-byte checklist: rc=$rc, ${kb} KB peak RSS, ${secs} s"
if [ "$kb" -gt 153600 ]; then echo "BUG: peak RSS above the 150 MB bound the fuzz harness promises"; exit 1; fi
echo "OK"; exit 0
