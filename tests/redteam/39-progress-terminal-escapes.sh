#!/bin/bash
# The progress lines on stderr ("gate isolation for dns …", "  fail esc (0.01 s): …", build's "building IMAGE
# from …", the combinations' test paths) carry repository text — a validator's command path from a gate file, a
# plan's image or build path, waiver reasons of hand-made commits — and were written raw: a committed gate file
# whose command is ["gates/checks/x<ESC>]0;OWNED<BEL>.sh"] retitles (OSC 52: writes the clipboard of) the terminal
# of whoever runs `check`, while stdout's copy of the same line was escaped (finding 15's fix covers stdout only).
# Same for every error message (`podserve-gate: error: …` quotes repository text: a gate file value, a path): a
# committed `kind: "x<ESC>]0;OWNED<BEL>"` reached the terminal through "validators[0].kind is '…'".
# Expected: every progress line and message goes through the same escaper as stdout (`\u001B`, JSON/YAML-safe).
. "$(dirname "$0")/lib.sh"
mkrepo2 /tmp/redteam-39 '  - id: esc
    kind: command
    command: ["gates/checks/x\e]0;OWNED\a.sh"]
    timeout: 30s' >/dev/null

PG advance dns >/dev/null 2>&1
PG check dns >out.txt 2>err.txt; rc=$?
o=$(grep -c $'\e' out.txt); e=$(grep -c $'\e' err.txt)
echo "check rc=$rc; stdout: $o line(s) with a raw ESC; stderr: $e, e.g. $(grep -m1 $'\e' err.txt | cat -v)"
grep -q 'x\\u001B\]0;OWNED\\u0007.sh' err.txt || { echo "BUG: stderr does not show the escaped path"; exit 1; }
if [ "$e" -gt 0 ] || [ "$o" -gt 0 ]; then echo "BUG: progress lines print terminal control sequences from the repository raw"; exit 1; fi
sed -i 's/^validators:$/validators:\n  - id: bad\n    kind: "x\\e]0;OWNED\\a"/' gates/2-isolation.yaml; git commit -qam "gate: a hostile kind"
PG check dns >out.txt 2>err.txt; rc=$?; e=$(grep -c $'\e' err.txt)
echo "check with a hostile kind: rc=$rc; stderr: $e line(s) with a raw ESC: $(head -c 120 err.txt | cat -v)"
[ $rc -eq 2 ] || { echo "setup: expected exit 2 (bad gate file)"; exit 9; }
if [ "$e" -gt 0 ]; then echo "BUG: error messages print terminal control sequences from the repository raw"; exit 1; fi
# And `history --format csv`, written past the escaper: a signer name with ESC]0;…BEL reached the terminal.
git checkout -q HEAD~1 -- gates; git commit -qm "gate: back"
T=$(git rev-parse HEAD^{tree}); C=$(printf 'notes\n\nGate-Service: dns\nGate-From: isolation\nGate-To: isolation\nSigned-off-by: Evil \e]0;pwned\a <e@x>\n' | git commit-tree $T -p HEAD); git update-ref refs/heads/main $C
PG history --format csv 2>/dev/null | grep -q Evil || { echo "setup: the forged row is not in the history"; exit 9; }
c=$(PG history --format csv 2>/dev/null | grep -c $'\e'); echo "history --format csv: $c line(s) with a raw ESC"
if [ "$c" -gt 0 ]; then echo "BUG: history --format csv prints terminal control sequences from history raw"; exit 1; fi
echo OK; exit 0
