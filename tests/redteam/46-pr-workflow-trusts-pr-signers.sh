#!/bin/bash
# The shipped pull-request workflow (.github/workflows/podserve-gate.yml) said: to require signed transitions,
# commit an allowed-signers file and run `verify --require-signatures --allowed-signers .github/allowed_signers`
# — in the checkout of the pull request's head. The pull request's author controls that file: they add their own
# key to it, advance a service signed with that key (ticking the sign-offs themselves), and the check is green
# (exit 0); with the base commit's file the same transition is unknown-signer.
# This script runs the workflow's own signature step (or, without one, its documented flags) on such a pull request.
# Expected: the workflow reads the allowed signers from the base commit; verify flags the pull request's transition.
. "$(dirname "$0")/lib.sh"
command -v ssh-keygen >/dev/null || { echo "no ssh-keygen"; exit 9; }
WORKFLOW=$(cd "$(dirname "$0")/../.." && pwd)/.github/workflows/podserve-gate.yml
K=/tmp/redteam-46-keys; rm -rf $K; mkdir -p $K
ssh-keygen -q -t ed25519 -N '' -C red -f $K/a; ssh-keygen -q -t ed25519 -N '' -C evil -f $K/b
R=/tmp/redteam-46; rm -rf $R; mkdir -p $R; cd $R; git init -q -b main
git config user.name "Red Team"; git config user.email red@example.org
git config gpg.format ssh; git config user.signingkey $K/a; git config commit.gpgsign true
mkdir -p .github; echo "red@example.org $(cut -d' ' -f1,2 $K/a.pub)" > .github/allowed_signers
PG init >/dev/null 2>&1; git add -A; git commit -qm "gates; allowed signers"
PG new dns >/dev/null 2>&1 || { echo "setup: new failed"; exit 9; }
ready; BASE=$(git rev-parse HEAD)
# The pull request, by someone who is not an allowed signer.
git config user.email evil@example.org; git config user.name Evil; git config user.signingkey $K/b
echo "evil@example.org $(cut -d' ' -f1,2 $K/b.pub)" >> .github/allowed_signers; git commit -qam "add my key"
PG advance dns >/dev/null 2>&1 || { echo "setup: advance failed"; exit 9; }
HEAD=$(git rev-parse HEAD)
# What the workflow passes to verify.
export RUNNER_TEMP=$R.tmp GITHUB_ENV=$R.env BASE HEAD REQUIRE_SIGNATURES=1; rm -rf $RUNNER_TEMP $GITHUB_ENV; mkdir -p $RUNNER_TEMP
step=$(python3 - "$WORKFLOW" <<'PY'
import sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
print(d.get('env', {}).get('ALLOWED_SIGNERS', ''))
for s in d['jobs']['audit']['steps']:
    if 'VERIFY_FLAGS=' in (s.get('run') or ''): print(s['run']); break
PY
)
export ALLOWED_SIGNERS=$(echo "$step" | head -1); run=$(echo "$step" | tail -n +2)
if [ -n "$run" ]; then bash -c "$run" || { echo "setup: the workflow's signature step failed"; exit 9; }
  VERIFY_FLAGS=$(sed -n "s/^VERIFY_FLAGS=//p" $GITHUB_ENV | tail -1)  # GITHUB_ENV: KEY=rest of the line
else VERIFY_FLAGS="--require-signatures --allowed-signers .github/allowed_signers"; fi
echo "workflow flags: $VERIFY_FLAGS"
PG verify --ref "$HEAD" $VERIFY_FLAGS > out.txt 2>&1; rc=$?
echo "verify rc=$rc: $(grep -o 'unknown-signer.*' out.txt | head -1)$(tail -1 out.txt)"
if [ $rc -eq 0 ]; then echo "BUG: the pull request's own allowed-signers file admits the key that signed its transition"; exit 1; fi
echo OK; exit 0
