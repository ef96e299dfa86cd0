#!/bin/bash
# Approvers listed by signing-key fingerprint (`approvers: ["SHA256:…A", "SHA256:…B"]`, required: 2), signatures
# checked: A approves twice with the same key, once as a1@ and once as a2@ (only `user.email` changed). Each
# approval is good (the key is listed), and approvals are counted per Signed-off-by email, so the gate reads
# "2 of 2 (a1@example.org, a2@example.org); signatures checked" and passes with one key, one person.
# Expected: an approver counts once whatever email it writes: approvals sharing a key (or an email) count once.
. "$(dirname "$0")/lib.sh"
command -v ssh-keygen >/dev/null || { echo "no ssh-keygen"; exit 9; }
K=/tmp/redteam-35-keys; rm -rf $K; mkdir -p $K
ssh-keygen -q -t ed25519 -N '' -f $K/a -C a; ssh-keygen -q -t ed25519 -N '' -f $K/b -C b
FA=$(ssh-keygen -lf $K/a.pub | awk '{print $2}'); FB=$(ssh-keygen -lf $K/b.pub | awk '{print $2}')
printf 'a1@example.org %s\nb@example.org %s\n' "$(cat $K/a.pub)" "$(cat $K/b.pub)" > $K/allowed
R=/tmp/redteam-35; rm -rf $R; mkdir -p $R; cd $R; git init -q -b main
git config user.name "Red Team"; git config user.email red@example.org; git config commit.gpgsign false
PG init >/dev/null 2>&1; isogate ""
printf 'approvals: {role: security, required: 2, approvers: ["%s", "%s"]}\n' "$FA" "$FB" >> gates/2-isolation.yaml
git add -A; git commit -qm gates; PG new dns >/dev/null 2>&1; ready; PG advance dns >/dev/null 2>&1 || { echo "setup: planning"; exit 9; }
tickmanual services/dns/checklists/2-isolation.md; git commit -qam "isolation sign-off"
git config gpg.format ssh; git config gpg.ssh.allowedSignersFile $K/allowed; git config commit.gpgsign true; git config user.signingkey $K/a
for e in a1@example.org a2@example.org; do git config user.email $e; PG approve dns --role security >/dev/null 2>&1 || { echo "setup: approve as $e"; exit 9; }; done
git config user.email red@example.org
out=$(PG check dns 2>&1); rc=$?; echo "$out" | grep approvals
if [ $rc -eq 0 ]; then echo "BUG: one key's two approvals satisfy required: 2"; exit 1; fi
echo OK; exit 0
