#!/bin/bash
# The whole `services` folder replaced (locally, uncommitted) by a symbolic link to a folder outside the
# repository. advance neither refuses the differing inputs (git status lists every file of services/ as
# deleted) nor the link: it exits 0 and writes evidence/1-planning.json, state.yaml and the checklist
# through the link into the outside folder. Expected (README "No file under services/ ... is read or written
# through a symbolic link"): exit 2 naming the link, nothing written outside the repository.
. "$(dirname "$0")/lib.sh"
OUT=/tmp/redteam-05-outside
mkrepo /tmp/redteam-05 >/dev/null; ready; rm -rf $OUT; mv services $OUT; ln -s $OUT services
echo "git status: $(git status --porcelain | wc -l) changed path(s), e.g. $(git status --porcelain | head -1)"
before=$(find $OUT -type f | sort | xargs md5sum | md5sum)
PG advance dns >/tmp/redteam-05.out 2>&1; rc=$?
after=$(find $OUT -type f | sort | xargs md5sum | md5sum)
echo "advance rc=$rc: $(tail -1 /tmp/redteam-05.out)"
echo "outside folder now: $(cd $OUT && find . -type f -newer /tmp/redteam-05/.git/HEAD -o -type f -path '*evidence*' | sort -u | tr '\n' ' ')"
if [ "$before" != "$after" ] || [ $rc -eq 0 ]; then echo "BUG: advance followed the services symlink and wrote outside the repository (rc=$rc)"; exit 1; fi
echo "OK: refused, nothing written outside"; exit 0
