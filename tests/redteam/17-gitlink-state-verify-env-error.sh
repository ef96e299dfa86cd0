#!/bin/bash
# A commit whose services/dns/state.yaml is a gitlink (mode 160000, as `git submodule add` or a hand-made tree
# writes it) makes `verify` and `report` stop with exit 3 "git_blob_lookup failed (libgit2 error -3): the
# requested type does not match the type in the ODB" -- an environment error with no commit or path named,
# so one such commit anywhere in history disables the audit (pre-receive hook, CI) with an opaque message.
# Expected: verify reports it as a finding on that commit and path (e.g. state-outside-gate: "state.yaml is a
# submodule, not a file"), exit 1; report shows it.
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-17 >/dev/null; ready; PG advance dns >/dev/null 2>&1
CM=$(git rev-parse HEAD); S=$(git rev-parse HEAD:services/dns)
NS=$(git ls-tree $S | sed "s/^100644 blob [0-9a-f]*\tstate.yaml$/160000 commit $CM\tstate.yaml/" | git mktree --missing)
SV=$(git ls-tree HEAD:services | sed "s/[0-9a-f]\{40\}\tdns$/$NS\tdns/" | git mktree)
R=$(git ls-tree HEAD | sed "s/[0-9a-f]\{40\}\tservices$/$SV\tservices/" | git mktree)
git update-ref refs/heads/main $(git commit-tree $R -p HEAD -m "state.yaml as a gitlink")
git ls-tree HEAD:services/dns | grep state
v=$(PG verify 2>&1); rc=$?; echo "verify rc=$rc: $(echo "$v" | tail -1)"
if [ $rc -eq 3 ] || ! echo "$v" | grep -q 'state.yaml'; then echo "BUG: verify gives up with an environment error instead of a finding naming the commit and path"; exit 1; fi
echo OK; exit 0
