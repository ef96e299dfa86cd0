#!/bin/bash
# `verify` reads objects with libgit2's hash check off, and its cache skips everything below a verified tip, on the
# premise that commits are immutable. They are not when the object files are: whoever can write the git directory
# (finding 36's attacker: a CI cache restoring `.git`, a shared or group-writable repository) rewrites an object
# after `verify` cached the tip clean — the state.yaml blob of the last transition now says `ready` — and the
# cached `verify` (and `report`) stay clean (exit 0) while `verify --no-cache` reads the rewritten blob and flags
# state-outside-gate. Variants: the loose file rewritten in place; removed and an altered copy put in an alternate
# (.git/objects/info/alternates); replaced by a link to an altered file made before the cached run.
# Expected: the cached run reports what `verify --no-cache` reports in every variant.
. "$(dirname "$0")/lib.sh"
export XDG_STATE_HOME=/tmp/redteam-40-state
loose() { # $1 gitdir, $2 oid, $3 content, $4 target path (default: the object's own path)
  python3 - "$@" <<'PY'
import sys, zlib, os
gitdir, oid, content = sys.argv[1:4]
target = sys.argv[4] if len(sys.argv) > 4 else os.path.join(gitdir, 'objects', oid[:2], oid[2:])
if os.path.exists(target): os.chmod(target, 0o644); os.unlink(target)
os.makedirs(os.path.dirname(target), exist_ok=True)
data = content.encode()
open(target, 'wb').write(zlib.compress(b'blob %d\0' % len(data) + data))
PY
}
bug=0
for variant in in-place alternate link; do
  mkrepo2 /tmp/redteam-40 '' >/dev/null; PG advance dns >/dev/null 2>&1 || { echo "setup: advance failed"; exit 9; }
  B=$(git rev-parse HEAD:services/dns/state.yaml)
  [ $variant = link ] && loose .git $B "phase: ready"$'\n' /tmp/redteam-40-old-blob
  PG verify >/dev/null 2>&1 || { echo "setup: verify should be clean"; exit 9; }
  sleep 3   # past any margin the cache allows for file-time granularity
  case $variant in
    in-place) loose .git $B "phase: ready"$'\n' ;;
    alternate) rm -f .git/objects/${B:0:2}/${B:2}; loose /tmp/redteam-40-alt $B "phase: ready"$'\n' /tmp/redteam-40-alt/objects/${B:0:2}/${B:2}
               echo /tmp/redteam-40-alt/objects > .git/objects/info/alternates ;;
    link) rm -f .git/objects/${B:0:2}/${B:2}; ln -s /tmp/redteam-40-old-blob .git/objects/${B:0:2}/${B:2} ;;
  esac
  [ "$(git cat-file -p $B)" = "phase: ready" ] || { echo "setup: $variant did not rewrite the blob"; exit 9; }
  cached=$(PG verify 2>&1); c=$?; full=$(PG verify --no-cache 2>&1); f=$?
  echo "$variant: verify rc=$c ($(echo "$cached" | tail -1)); --no-cache rc=$f ($(echo "$full" | tail -1))"
  [ $c -ne $f ] && bug=1
  rm -rf /tmp/redteam-40-alt /tmp/redteam-40-old-blob
done
# The cache still works: an ordinary new commit on a verified tip is audited incrementally.
mkrepo2 /tmp/redteam-40 '' >/dev/null; PG verify >/dev/null 2>&1; sleep 3; git commit -q --allow-empty -m docs
inc=$(PG verify --verbose 2>&1); echo "untouched store, one new commit: $(echo "$inc" | grep 'verify:' | head -1)"
echo "$inc" | grep -q "incremental" || { echo "BUG: the cache is never used"; exit 1; }
if [ $bug -eq 1 ]; then echo "BUG: a rewritten object hides behind the verify cache"; exit 1; fi
echo OK; exit 0
