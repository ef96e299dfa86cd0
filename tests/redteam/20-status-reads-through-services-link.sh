#!/bin/bash
# Variant of issue 10's "a committed services/evil -> /some/dir is read by status" one level up: a committed
# top-level symlink `services -> /tmp/redteam-20-elsewhere` (HEAD has no services/ tree at all) and `status`
# shows the board of the services found in that outside folder (exit 0); verify meanwhile reports the state
# deletion, so the two disagree. README: "No file under services/ ... is read or written through a symbolic
# link, committed or only local (exit 2 naming the link and its target)".
# Expected: status exits 2 naming `services -> /tmp/redteam-20-elsewhere`; nothing read from there.
. "$(dirname "$0")/lib.sh"
OUT=/tmp/redteam-20-elsewhere
mkrepo /tmp/redteam-20 >/dev/null; ready; rm -rf $OUT; mkdir -p $OUT
git mv -k services/dns $OUT/ 2>/dev/null || { cp -r services/dns $OUT/; git rm -rq services; }
rm -rf services; ln -s $OUT services; git add -A; git commit -qm "services is a link"
echo "HEAD root: $(git ls-tree HEAD | awk '{print $1, $4}' | tr '\n' ' ')"
s=$(PG status 2>&1); rc=$?; echo "status rc=$rc:"; echo "$s" | sed 's/^/   /'
if [ $rc -eq 0 ] && echo "$s" | grep -q '^dns'; then echo "BUG: status read services from $OUT through a committed symlink"; exit 1; fi
echo OK; exit 0
