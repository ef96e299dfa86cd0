#!/bin/bash
# In a shallow clone (the default of many CI checkouts, e.g. actions/checkout without fetch-depth: 0),
# `status` (which needs only HEAD) and `verify` exit 2 with "unknown or invalid revision: <sha> (see git
# rev-parse --verify ...)" -- the sha of a commit beyond the shallow boundary, with no hint that the clone
# is shallow. verify failing closed is right; the message and the exit code (2 = bad input) are not, and
# status should not need the full history.
# Expected: status works from HEAD; verify/history say "shallow clone: history before <sha> is missing; run
# git fetch --unshallow" with exit 3 (environment).
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-11 >/dev/null; ready; PG advance dns >/dev/null 2>&1
echo a > a.txt; git add a.txt; git commit -qm later; echo b > b.txt; git add b.txt; git commit -qm later2
rm -rf /tmp/redteam-11-clone; git clone -q --depth 2 file:///tmp/redteam-11 /tmp/redteam-11-clone; cd /tmp/redteam-11-clone
s=$(PG status 2>&1); src=$?; v=$(PG verify 2>&1); vrc=$?
echo "status rc=$src: $(echo "$s" | tail -1)"; echo "verify rc=$vrc: $(echo "$v" | tail -1)"
if [ $src -ne 0 ] || ! echo "$v" | grep -qi shallow; then echo "BUG: shallow clone breaks status and verify's error does not say why"; exit 1; fi
echo OK; exit 0
