#!/bin/bash
# Holds (regression check for the seal's pack check): a pack that came since is checked through libgit2's own index
# lookup, which the audit's reads use too, so an odd index cannot make the two disagree. Variants, each added after a
# cached run with an honest blob in the repository: an index that lists the state.yaml blob's id twice (one entry
# at its honest content, one at `phase: ready`); a version-1 index claiming that id for `phase: ready`.
# Expected: the cached run reports what `verify --no-cache` reports in every variant.
. "$(dirname "$0")/lib.sh"
export XDG_STATE_HOME=/tmp/redteam-50-state
T=/tmp/redteam-50
bug=0
for variant in id-listed-twice index-version-1; do
  mkrepo2 $T '' >/dev/null; PG advance dns >/dev/null 2>&1 || { echo "setup: advance failed"; exit 9; }
  B=$(git rev-parse HEAD:services/dns/state.yaml); honest=$(git cat-file -p $B)$'\n'
  PG verify >/dev/null 2>&1 || { echo "setup: verify should be clean"; exit 9; }
  sleep 3   # past any margin the cache allows for file-time granularity
  rm -rf $T-scratch; git init -q $T-scratch
  F=$(printf 'phase: ready\n' | git -C $T-scratch hash-object -w --stdin)
  printf '%s' "$honest" | git -C $T-scratch hash-object -w --stdin >/dev/null
  case $variant in
    id-listed-twice) ids="$B"$'\n'"$F"; version=2 ;;
    index-version-1) ids="$F"; version=1 ;;
  esac
  P=$(echo "$ids" | git -C $T-scratch pack-objects -q --index-version=$version $T/.git/objects/pack/pack)
  python3 - .git/objects/pack/pack-$P.idx $F $B $version <<'PY'
import sys, hashlib, os
idx, forged, claimed, version = sys.argv[1], bytes.fromhex(sys.argv[2]), bytes.fromhex(sys.argv[3]), int(sys.argv[4])
b = bytearray(open(idx, 'rb').read())
fan = 8 if version == 2 else 0
n = int.from_bytes(b[fan + 4 * 255:fan + 4 * 256], 'big')
table, width, at = fan + 1024, (20 if version == 2 else 24), (0 if version == 2 else 4)
ids = [bytes(b[table + width * i + at:table + width * i + at + 20]) for i in range(n)]
i = ids.index(forged); b[table + width * i + at:table + width * i + at + 20] = claimed; ids[i] = claimed
# Entries stay sorted (the other entries' order is kept; the claimed id sits where forged did): sort rows together.
rows = sorted(range(n), key=lambda k: ids[k])
if version == 2:
    names = b''.join(ids[k] for k in rows); crcs = b''.join(b[table + 20 * n + 4 * k:table + 20 * n + 4 * k + 4] for k in rows)
    offs = b''.join(b[table + 24 * n + 4 * k:table + 24 * n + 4 * k + 4] for k in rows)
    b[table:table + 28 * n] = names + crcs + offs
else:
    b[table:table + 24 * n] = b''.join(b[table + 24 * k:table + 24 * k + 24] for k in rows)
for j in range(256): b[fan + 4 * j:fan + 4 * j + 4] = sum(1 for x in ids if x[0] <= j).to_bytes(4, 'big')
b[-20:] = hashlib.sha1(bytes(b[:-20])).digest()
os.chmod(idx, 0o644); open(idx, 'wb').write(b)
PY
  rm -rf $T-scratch
  cached=$(PG verify --verbose 2>&1); c=$?; full=$(PG verify --no-cache 2>&1); f=$?
  echo "$variant: verify rc=$c ($(echo "$cached" | grep -m1 '^verify:')); --no-cache rc=$f ($(echo "$full" | tail -1))"
  [ $c -ne $f ] && bug=1
  [ "$(echo "$cached" | grep -v '^verify:')" = "$(echo "$full" | grep -v '^verify:')" ] || bug=1
done
rm -rf $T
if [ $bug -eq 1 ]; then echo "BUG: an odd pack index hides a forged object behind the verify cache"; exit 1; fi
echo OK; exit 0
