#!/bin/bash
# Arbitrary file write outside the repository from a committed tree. A root tree entry named
# "../../../../../../tmp/redteam-00-pwned.txt" (a blob; made with `git hash-object -t tree --literally`, pushable
# where receive.fsckObjects is off, the default; `git clone` of it "succeeds" with HEAD on it and only the
# checkout warns) is not part of any gate input, so `advance` exports HEAD's tree into its private snapshot
# and writes that entry by joining its name to the snapshot folder: the file lands at /tmp/redteam-00-pwned.txt
# (any path the user can write: ~/.bashrc, /etc/cron.d/... when run as root). Exit 0, "gate passed".
# Same root cause: a committed tree ".git/" (HEAD, config with core.fsmonitor = "touch /tmp/x", objects/, refs/)
# is exported too; a `kind: command` validator [git, status] then runs the committed fsmonitor command.
# Expected: the export refuses (or skips) tree entry names that are ".", "..", contain "/" or NUL, or ".git"
# (git's verify_path rules), or exports only the inputs through libgit2's checkout, which validates paths.
. "$(dirname "$0")/lib.sh"
OUT=/tmp/redteam-00-pwned.txt; rm -f $OUT
mkrepo /tmp/redteam-00 >/dev/null; ready
B=$(printf 'written outside the repository by advance\n' | git hash-object -w --stdin)
R=$(python3 - "$B" <<'PY' | git hash-object -t tree -w --literally --stdin
import sys,binascii,subprocess
root=subprocess.check_output(['git','cat-file','tree','HEAD^{tree}'])
sys.stdout.buffer.write(b"100644 ../../../../../../tmp/redteam-00-pwned.txt\0"+binascii.unhexlify(sys.argv[1])+root)
PY
)
C=$(git commit-tree $R -p HEAD -m "docs"); git update-ref refs/heads/main $C
echo "HEAD tree:"; git ls-tree HEAD | sed 's/^/   /'
PG advance dns >/tmp/redteam-00.out 2>&1; rc=$?; echo "advance rc=$rc: $(tail -1 /tmp/redteam-00.out)"
if [ -e $OUT ]; then echo "BUG: advance wrote $OUT outside the repository: $(cat $OUT)"; rm -f $OUT; exit 1; fi
echo "OK: nothing written outside"; exit 0
