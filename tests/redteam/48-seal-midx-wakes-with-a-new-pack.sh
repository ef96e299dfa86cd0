#!/bin/bash
# libgit2 reads objects through `objects/pack/multi-pack-index` (midx) before any pack's own index, and uses a midx
# only while every pack it names exists. The seal keeps the midx fixed but checks a new pack through the pack's own
# index. The attacker (who can write `.git`) plants, before a cached run, a midx naming a pack that is not there yet,
# which maps the id of the state.yaml blob to an object `phase: ready` in that pack: the midx is ignored, the audit
# reads the real blob and the run is cached. After it, the named pack arrives with an honest index (every object
# it lists hashes to its id): the seal accepts it, while libgit2 now reads the blob through the midx.
# Expected: the cached run reports what `verify --no-cache` reports.
. "$(dirname "$0")/lib.sh"
export XDG_STATE_HOME=/tmp/redteam-48-state
T=/tmp/redteam-48
mkrepo2 $T '' >/dev/null; PG advance dns >/dev/null 2>&1 || { echo "setup: advance failed"; exit 9; }
B=$(git rev-parse HEAD:services/dns/state.yaml)
rm -rf $T-scratch $T-away; git init -q $T-scratch; mkdir -p $T-away
F=$(printf 'phase: ready\n' | git -C $T-scratch hash-object -w --stdin)
P=$(echo $F | git -C $T-scratch pack-objects -q $T/.git/objects/pack/pack)
idx=.git/objects/pack/pack-$P.idx; cp $idx $T-away/honest.idx
# The midx is written from an index that claims $B for the object at F's offset; then the honest index is back.
python3 - $idx $B <<'PY'
import sys, hashlib, os
idx, target = sys.argv[1], bytes.fromhex(sys.argv[2])
b = bytearray(open(idx, 'rb').read()); assert len(b) == 1032 + 28 + 40
for i in range(256): b[8 + 4 * i:12 + 4 * i] = (1 if i >= target[0] else 0).to_bytes(4, 'big')
b[1032:1052] = target; b[-20:] = hashlib.sha1(bytes(b[:-20])).digest()
os.chmod(idx, 0o644); open(idx, 'wb').write(b)
PY
git multi-pack-index write 2>/dev/null || { echo "setup: multi-pack-index write failed"; exit 9; }
[ -f .git/objects/pack/multi-pack-index ] || { echo "setup: no midx"; exit 9; }
[ "$(git cat-file -p $B)" = "phase: ready" ] || { echo "setup: the midx does not answer for the blob"; exit 9; }
mv .git/objects/pack/pack-$P.pack $T-away/; rm -f .git/objects/pack/pack-$P.*
PG verify >/dev/null 2>&1 || { echo "setup: verify should be clean while the midx's pack is missing"; exit 9; }
sleep 3   # past any margin the cache allows for file-time granularity
mv $T-away/pack-$P.pack .git/objects/pack/; cp $T-away/honest.idx $idx
cached=$(PG verify --verbose 2>&1); c=$?; full=$(PG verify --no-cache 2>&1); f=$?
echo "verify rc=$c ($(echo "$cached" | grep -m1 '^verify:')); --no-cache rc=$f ($(echo "$full" | tail -1))"
[ $f -eq 1 ] || { echo "setup: the midx does not answer for the blob"; exit 9; }
rm -rf $T-scratch $T-away $T
if [ $c -ne $f ]; then echo "BUG: a multi-pack index woken by a new pack hides a forged object behind the verify cache"; exit 1; fi
echo OK; exit 0
