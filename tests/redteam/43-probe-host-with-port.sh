#!/bin/bash
# `--probe-host` / PODSERVE_PROBE_HOST promise "a host name or IP address, never a URL or a list, so a typo fails
# before any container starts": but every value made of letters, digits, `.-:_%` passed, so `build-7:8080` (a host
# and a port), `127.0.0.1:8080`, `:::::` or `%0a` were accepted; probes then connect to `[build-7:8080]:<port>` and
# the gate fails as a probe timeout (exit 1) after its containers ran, instead of bad input.
# Expected: `:` and `%` only in a real IPv6 literal (with an optional zone); anything else exit 64 (flag) / 2 (variable).
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-43 >/dev/null
bug=0
for v in 'build-7:8080' '127.0.0.1:8080' ':::::' '%0a' 'fe80::1%'; do
  PG --probe-host "$v" status >/dev/null 2>&1; rc=$?; echo "--probe-host '$v': rc=$rc"; [ $rc -ne 64 ] && bug=1
done
PODSERVE_PROBE_HOST='build-7:8080' PG doctor >/dev/null 2>&1; rc=$?; echo "PODSERVE_PROBE_HOST=build-7:8080 doctor: rc=$rc"; [ $rc -ne 2 ] && bug=1
for v in '::1' '[fd00::1]' 'fe80::1%eth0' 'build-7.example' '192.0.2.7'; do
  PG --probe-host "$v" status >/dev/null 2>&1; rc=$?; [ $rc -ne 0 ] && { echo "setup: '$v' refused (rc=$rc)"; exit 9; }
done
if [ $bug -eq 1 ]; then echo "BUG: a host with a port (or no host at all) passes as a probe host"; exit 1; fi
echo OK; exit 0
