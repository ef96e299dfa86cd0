#!/bin/bash
# Lost update in the index: while `advance dns` runs, the user stages files (`git add fN.txt`, each exit 0).
# The transition's index update reads the index, then writes it back without noticing it changed meanwhile,
# so some of the user's successful `git add`s vanish from the index (the files show as untracked again).
# git add that lost the race for index.lock fails loudly (fine); the bug is a *successful* add being undone.
# Expected: the tool's index write happens under index.lock held from its read (or re-reads under the lock),
# so every staged path the user added stays staged. Tries up to 40 advances.
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-09 >/dev/null; ready; git tag start
for i in $(seq 1 40); do
  git reset -q --hard start; git clean -fdq
  "$BIN" advance dns >/dev/null 2>&1 & p=$!
  ok=""; n=0
  while kill -0 $p 2>/dev/null; do n=$((n+1)); echo $n > f$n.txt; git add f$n.txt 2>/dev/null && ok="$ok f$n"; done
  wait $p; rc=$?
  lost=""; for f in $ok; do git ls-files --error-unmatch $f.txt >/dev/null 2>&1 || lost="$lost $f.txt"; done
  if [ -n "$lost" ]; then
    echo "try $i: advance rc=$rc; git add succeeded for:$ok"
    echo "  but no longer staged afterwards:$lost  (git status: $(git status --porcelain | grep '??' | head -3 | tr '\n' ' '))"
    echo "BUG: the transition's index write undid the user's concurrent, successful git add"; exit 1
  fi
done
echo "OK: no lost update in 40 tries"; exit 0
