#!/bin/bash
# The verify cache (.git/podserve-gate/verify-cache.json) is plain JSON that is trusted as written: emptying the
# `findings` of the entry for HEAD makes `verify` print "clean" (exit 0) for a history `verify --no-cache` flags.
# Anyone who can write the git directory (a CI job that restores `.git` from a shared cache, a workspace on a
# shared file system) can silence verify without touching a commit; nothing in the file binds it to its writer.
# Expected: a cache entry that was not written by this user's verify is not used (e.g. an HMAC over the entry
# with a per-user key kept outside the repository, or the cache kept outside the git directory).
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-36 >/dev/null; ready
sed -i 's/phase: planning/phase: ready/' services/dns/state.yaml; git commit -qam "dns: ready (no gate ran)"
PG verify >/dev/null 2>&1; [ $? -eq 1 ] || { echo "setup: verify should flag the state change"; exit 9; }
python3 - <<'PY'
import json
p='.git/podserve-gate/verify-cache.json'; d=json.load(open(p))
for e in d['entries']: e['report']['findings']=[]
json.dump(d,open(p,'w'))
PY
out=$(PG verify 2>&1); rc=$?; echo "verify after editing the cache: rc=$rc $(echo "$out" | tail -1)"
echo "verify --no-cache: $(PG verify --no-cache 2>&1 | tail -1)"
if [ $rc -eq 0 ]; then echo "BUG: an edited cache file makes verify report clean"; exit 1; fi
echo OK; exit 0
