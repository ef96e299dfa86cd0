#!/bin/bash
# libgit2 loads every file in objects/pack whose name ends in `.idx`, whatever its bytes; the seal listed the folder
# with Foundation, which leaves out a name that is not UTF-8. A pack named `pack-\xff\xfe.idx`, added after a cached
# run with an index claiming the id of the state.yaml blob for `phase: ready` (packs answer before loose objects),
# was never checked: the cached run stayed clean while `verify --no-cache` flagged state-outside-gate.
# Expected: the cached run reports what `verify --no-cache` reports.
. "$(dirname "$0")/lib.sh"
export XDG_STATE_HOME=/tmp/redteam-51-state
T=/tmp/redteam-51
mkrepo2 $T '' >/dev/null; PG advance dns >/dev/null 2>&1 || { echo "setup: advance failed"; exit 9; }
B=$(git rev-parse HEAD:services/dns/state.yaml)
PG verify >/dev/null 2>&1 || { echo "setup: verify should be clean"; exit 9; }
sleep 3   # past any margin the cache allows for file-time granularity
rm -rf $T-scratch; git init -q $T-scratch
F=$(printf 'phase: ready\n' | git -C $T-scratch hash-object -w --stdin)
P=$(echo $F | git -C $T-scratch pack-objects -q $T-scratch/p)
python3 - $T-scratch/p-$P $B .git/objects/pack <<'PY'
import sys, hashlib, os, shutil
src, target, folder = sys.argv[1], bytes.fromhex(sys.argv[2]), sys.argv[3].encode()
b = bytearray(open(src + '.idx', 'rb').read()); assert len(b) == 1032 + 28 + 40
for i in range(256): b[8 + 4 * i:12 + 4 * i] = (1 if i >= target[0] else 0).to_bytes(4, 'big')
b[1032:1052] = target; b[-20:] = hashlib.sha1(bytes(b[:-20])).digest()
open(folder + b'/pack-\xff\xfe.idx', 'wb').write(b); shutil.copy(src + '.pack', folder + b'/pack-\xff\xfe.pack')
PY
rm -rf $T-scratch
cached=$(PG verify --verbose 2>&1); c=$?; full=$(PG verify --no-cache 2>&1); f=$?
echo "verify rc=$c ($(echo "$cached" | grep -m1 '^verify:')); --no-cache rc=$f ($(echo "$full" | tail -1))"
[ $f -eq 1 ] || { echo "setup: the pack is not read"; exit 9; }
rm -rf $T
if [ $c -ne $f ]; then echo "BUG: a pack named in bytes that are not UTF-8 hides a forged object behind the verify cache"; exit 1; fi
echo OK; exit 0
