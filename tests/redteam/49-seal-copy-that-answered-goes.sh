#!/bin/bash
# The seal accepts what came since when each new object hashes to its id, and "removed objects break nothing". Both
# assume that what the audit read hashed to its id, which nobody checked (audits read with libgit2's hash check
# off). The attacker (who can write `.git`) plants, before a cached run, a second copy of the state.yaml blob that
# says `phase: ready` where libgit2 reads first, so the audit reads it (a finding, cached); after it, the copy that
# answered goes or an honest copy is put in front of it, and `verify --no-cache` reads the honest blob (clean)
# while the cached run keeps the finding. The same works the other way round: a forged clean copy in front of a
# history that is not, cached clean, then taken away. Variants: a forged pack deleted (libgit2 reads packs before
# loose objects); a forged alternate loose object deleted (libgit2 reads alternates first, git the other way); a new honest pack in front of
# a forged loose object or a forged pack; a forged loose object rewritten with its honest content.
# Expected: the cached run reports what `verify --no-cache` reports in every variant.
. "$(dirname "$0")/lib.sh"
export XDG_STATE_HOME=/tmp/redteam-49-state
T=/tmp/redteam-49
pack() { # $1 objects folder, $2 content, $3 id the index claims (default: the content's own id): prints the pack name
  local scratch=$T-scratch dir; rm -rf "$scratch"; git init -q "$scratch"; mkdir -p "$1/pack"; dir=$(cd "$1" && pwd)
  local real; real=$(printf '%s' "$2" | git -C "$scratch" hash-object -w --stdin)
  local name; name=$(echo "$real" | git -C "$scratch" pack-objects -q "$dir/pack/pack"); rm -rf "$scratch"
  [ -n "${3:-}" ] && python3 - "$dir/pack/pack-$name.idx" "$3" <<'PY'
import sys, hashlib, os
idx, target = sys.argv[1], bytes.fromhex(sys.argv[2])
b = bytearray(open(idx, 'rb').read()); assert len(b) == 1032 + 28 + 40
for i in range(256): b[8 + 4 * i:12 + 4 * i] = (1 if i >= target[0] else 0).to_bytes(4, 'big')
b[1032:1052] = target; b[-20:] = hashlib.sha1(bytes(b[:-20])).digest()
os.chmod(idx, 0o644); open(idx, 'wb').write(b)
PY
  echo "$name"
}
loose() { # $1 objects folder, $2 id, $3 content: a loose file named $2 holding $3
  python3 - "$@" <<'PY'
import sys, zlib, os
objects, oid, content = sys.argv[1:4]
target = os.path.join(objects, oid[:2], oid[2:])
if os.path.exists(target): os.chmod(target, 0o644); os.unlink(target)
os.makedirs(os.path.dirname(target), exist_ok=True)
data = content.encode()
open(target, 'wb').write(zlib.compress(b'blob %d\0' % len(data) + data))
PY
}
bug=0
for variant in forged-pack-deleted forged-alternate-copy-deleted honest-pack-over-loose honest-pack-over-pack loose-repaired; do
  rm -rf $T-alt; mkrepo2 $T '' >/dev/null; PG advance dns >/dev/null 2>&1 || { echo "setup: advance failed"; exit 9; }
  B=$(git rev-parse HEAD:services/dns/state.yaml); honest=$(git cat-file -p $B)$'\n'; forged="phase: ready"$'\n'
  case $variant in
    forged-pack-deleted|honest-pack-over-pack) P=$(pack .git/objects "$forged" $B) ;;
    forged-alternate-copy-deleted) loose $T-alt/objects $B "$forged"; echo $T-alt/objects > .git/objects/info/alternates ;;
    honest-pack-over-loose|loose-repaired) loose .git/objects $B "$forged" ;;
  esac
  sleep 3   # planted well before the cached run
  PG verify >/dev/null 2>&1; [ $? -eq 1 ] || { echo "setup: $variant: verify should read the forged copy"; exit 9; }
  sleep 3   # past any margin the cache allows for file-time granularity
  case $variant in
    forged-pack-deleted) rm -f .git/objects/pack/pack-$P.* ;;
    forged-alternate-copy-deleted) rm -f $T-alt/objects/${B:0:2}/${B:2} ;;
    honest-pack-over-loose|honest-pack-over-pack) pack .git/objects "$honest" >/dev/null ;;
    loose-repaired) loose .git/objects $B "$honest" ;;
  esac
  cached=$(PG verify --verbose 2>&1); c=$?; full=$(PG verify --no-cache 2>&1); f=$?
  echo "$variant: verify rc=$c ($(echo "$cached" | grep -m1 '^verify:')); --no-cache rc=$f ($(echo "$full" | tail -1))"
  [ $f -eq 0 ] || { echo "setup: $variant: verify --no-cache should read the honest copy"; exit 9; }
  [ $c -ne $f ] && bug=1
done
rm -rf $T-alt $T
if [ $bug -eq 1 ]; then echo "BUG: the copy an audit read went away behind the verify cache"; exit 1; fi
echo OK; exit 0
