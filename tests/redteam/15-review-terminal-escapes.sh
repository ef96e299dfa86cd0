#!/bin/bash
# A commit whose author name holds terminal control sequences (ESC ]0;title BEL, ESC [31m; possible with
# `git commit-tree` and GIT_AUTHOR_NAME, or any pushed commit) is printed raw by `review` (markdown and the
# default format) in its "Newly ticked ... by <author>" lines: the escapes reach the terminal of whoever
# reviews the branch (title change here; OSC 52 can write the clipboard, OSC 8 fakes links) and the PR
# comment. status/history/verify/report escape them. Same class: `check`/`advance` print a committed checklist
# item's text raw in their TODO lines (e.g. "- [ ] evil ESC]0;pwned BEL ESC[2J item" clears the screen).
# Expected: review, check and advance escape control characters like the tables.
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-15 >/dev/null; git branch base; ready; PG advance dns >/dev/null 2>&1
T=$(git rev-parse HEAD^{tree}); P=$(git rev-parse HEAD~1)
C=$(git log -1 --format=%B | GIT_AUTHOR_NAME=$'Evil\e]0;pwned\a\e[31mRED' git commit-tree $T -p $P); git update-ref refs/heads/main $C
bug=0
for f in markdown ""; do
  out=$(PG review base..main ${f:+--format $f} 2>&1)
  n=$(printf '%s' "$out" | grep -c $'\e')
  echo "review ${f:-(default)}: $n line(s) with a raw ESC byte, e.g. $(printf '%s' "$out" | grep -m1 $'\e' | cat -v | tail -c 80)"
  [ "$n" -gt 0 ] && bug=1
done
s=$(PG status 2>&1 | grep -c $'\e'); echo "status: $s line(s) with ESC (it escapes)"
if [ $bug -eq 1 ]; then echo "BUG: review passes terminal control sequences from history through unescaped"; exit 1; fi
echo OK; exit 0
