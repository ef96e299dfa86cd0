#!/bin/bash
# README: "Text a person types for a commit (reopen --reason, approval values) must be one line of printable
# text: a line break, tab, other control character or bidirectional override is refused with exit 2".
# `reopen --reason` with U+202E RIGHT-TO-LEFT OVERRIDE (or U+2066 LEFT-TO-RIGHT ISOLATE) is accepted (exit 0)
# and written verbatim into the Gate-Reason trailer, where it reorders text on a terminal / in a PR.
# Expected: exit 2 naming the character, nothing committed.
export LC_ALL=C.UTF-8
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-08 >/dev/null; ready; PG advance dns >/dev/null 2>&1; git tag adv
bug=0
for cp in 202e 2066 202d; do
  git reset -q --hard adv
  r="$(printf "image changed \\u$cp 1-noisaton dexif")"
  PG reopen dns --to planning --reason "$r" >/dev/null 2>&1; rc=$?
  hex=$(git log -1 --format=%B | grep '^Gate-Reason' | od -An -tx1 | tr -d ' \n' | head -c 80)
  echo "U+$cp: reopen rc=$rc; HEAD trailer bytes: $hex"
  [ $rc -eq 0 ] && bug=1
done
if [ $bug -eq 1 ]; then echo "BUG: a bidirectional override/isolate character was accepted into a commit trailer"; exit 1; fi
echo "OK: refused"; exit 0
