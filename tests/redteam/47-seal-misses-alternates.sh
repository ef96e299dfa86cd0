#!/bin/bash
# The object-store seal (finding 40's fix, extended to accept what came since) lists the object folders libgit2
# reads from `objects/info/alternates` and checks what is new in each; `info/alternates` itself is no longer fixed.
# A folder libgit2 reads but the listing does not see is never checked: the listing stopped after 16 folders
# (libgit2 reads any number per level, five levels deep), and it resolved every relative line against the objects
# folder, while libgit2 does so only for lines that start with `.` (others are relative to the working directory).
# The attacker (who can write `.git`) adds, after a cached run, an alternate that libgit2 reads but the listing does
# not, holding a pack whose index claims the id of the state.yaml blob for `phase: ready`; alternates' packs answer
# first. Also: `info/alternates` read as UTF-8 text, so one byte that is not (in a comment) hid every line; and
# `..` after a link (libgit2's path is resolved by the kernel; this variant held before the fix too).
# Expected: the cached run reports what `verify --no-cache` reports in every variant.
. "$(dirname "$0")/lib.sh"
export XDG_STATE_HOME=/tmp/redteam-47-state
T=/tmp/redteam-47
forgepack() { # $1 objects folder, $2 id the pack's index claims, $3 content: a one-blob pack answering $2 with $3
  local scratch=$T-scratch; rm -rf "$scratch"; git init -q "$scratch"
  local real; real=$(printf '%s' "$3" | git -C "$scratch" hash-object -w --stdin)
  mkdir -p "$1/pack"; local dir; dir=$(cd "$1" && pwd); local name; name=$(echo "$real" | git -C "$scratch" pack-objects -q "$dir/pack/pack")
  python3 - "$1/pack/pack-$name.idx" "$2" <<'PY'
import sys, hashlib, os
idx, target = sys.argv[1], bytes.fromhex(sys.argv[2])
b = bytearray(open(idx, 'rb').read()); assert len(b) == 1032 + 28 + 40
for i in range(256): b[8 + 4 * i:12 + 4 * i] = (1 if i >= target[0] else 0).to_bytes(4, 'big')
b[1032:1052] = target; b[-20:] = hashlib.sha1(bytes(b[:-20])).digest()
os.chmod(idx, 0o644); open(idx, 'wb').write(b)
PY
  rm -rf "$scratch"
}
bug=0
for variant in seventeen-folders working-directory-relative non-utf8-comment link-and-dotdot; do
  rm -rf $T-alt*; mkrepo2 $T '' >/dev/null; PG advance dns >/dev/null 2>&1 || { echo "setup: advance failed"; exit 9; }
  B=$(git rev-parse HEAD:services/dns/state.yaml)
  PG verify >/dev/null 2>&1 || { echo "setup: verify should be clean"; exit 9; }
  sleep 3   # past any margin the cache allows for file-time granularity
  case $variant in
    seventeen-folders)
      forgepack $T-alt0/objects $B "phase: ready"$'\n'; echo $T-alt0/objects > .git/objects/info/alternates
      for n in $(seq 1 16); do mkdir -p $T-alt$n/objects; echo $T-alt$n/objects; done >> .git/objects/info/alternates ;;
    working-directory-relative)   # verify runs in the work tree, which has services/
      forgepack .git/evil-objects $B "phase: ready"$'\n'; echo "services/../.git/evil-objects" > .git/objects/info/alternates ;;
    non-utf8-comment)   # libgit2 skips the comment; the listing read the file as text and dropped every line
      forgepack $T-alt0/objects $B "phase: ready"$'\n'; printf '# \xff\n%s\n' $T-alt0/objects > .git/objects/info/alternates ;;
    link-and-dotdot)    # `..` after a link is the link target's parent for libgit2, not the link's folder
      mkdir -p $T-alt0/inner; ln -s $T-alt0/inner .git/objects/l; forgepack $T-alt0/objects $B "phase: ready"$'\n'
      echo "./l/../objects" > .git/objects/info/alternates ;;
  esac
  cached=$(PG verify --verbose 2>&1); c=$?; full=$(PG verify --no-cache 2>&1); f=$?
  echo "$variant: verify rc=$c ($(echo "$cached" | grep -m1 '^verify:')); --no-cache rc=$f ($(echo "$full" | tail -1))"
  [ $f -eq 1 ] || { echo "setup: $variant: the forged pack is not read"; exit 9; }
  [ $c -ne $f ] && bug=1
done
rm -rf $T-alt* $T
if [ $bug -eq 1 ]; then echo "BUG: an alternate the seal does not list hides a forged object behind the verify cache"; exit 1; fi
echo OK; exit 0
