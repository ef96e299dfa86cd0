#!/bin/bash
# SIGPIPE is not handled: `podserve-gate advance dns | true` (any reader that stops early: head, a CI log
# shipper that exits, a closed ssh session) kills the tool by signal (exit 141) *after* the transition landed,
# so the caller sees a crash for a successful, committed transition; with `2>&1 | true` it dies before
# committing. A signal exit is what the fuzz harness forbids, and "a transition that landed is never reported
# as failed" does not hold. Expected: SIGPIPE ignored (EPIPE on write handled: stop printing, finish the
# transition and its index/work-tree update, exit with the run's real code).
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-13 >/dev/null; ready; old=$(git rev-parse HEAD)
"$BIN" advance dns | true; rc=${PIPESTATUS[0]}
echo "advance rc=$rc; HEAD moved: $([ "$(git rev-parse HEAD)" != "$old" ] && echo yes || echo no) ($(git log -1 --format=%s))"
if [ $rc -ge 128 ]; then echo "BUG: killed by signal $((rc-128)) (SIGPIPE) although the transition committed"; exit 1; fi
echo OK; exit 0
