#!/bin/bash
# `--url` / CONTAINER_HOST is passed to every podman call as `podman --url <URL> …`: a URL with a password
# (`ssh://user:secret@host/…`, which podman accepts) is then in the argv of each podman process, which every
# local user can read (`ps -ef`, /proc/<pid>/cmdline) for as long as the call runs (a one-hour soak: an hour).
# Messages and evidence drop the password, the process list does not. Also, the value is a separate argument:
# `--url=--log-level=debug` reaches podman as a flag of its own.
# Shown with a stand-in `podman` first on PATH that records its argv.
# Expected: the URL reaches podman through its environment (CONTAINER_HOST, readable only by the owner), never
# in argv; names are joined to their flag (`--connection=name`).
. "$(dirname "$0")/lib.sh"
mkrepo2 /tmp/redteam-37 >/dev/null; PG advance dns >/dev/null 2>&1
FAKE=/tmp/redteam-37-bin; rm -rf $FAKE; mkdir -p $FAKE
printf '#!/bin/sh\necho "argv: $*" >> %s/calls\necho "env: ${CONTAINER_HOST:-}" >> %s/calls\nexit 1\n' $FAKE $FAKE > $FAKE/podman; chmod +x $FAKE/podman
PATH=$FAKE:$PATH PG check dns --url 'ssh://deploy:hunter2secret@203.0.113.7:22/run/podman/podman.sock' >/dev/null 2>&1
PATH=$FAKE:$PATH PG check dns --connection=--log-level=debug >/dev/null 2>&1
echo "podman calls:"; sed 's/^/  /' $FAKE/calls
[ -s $FAKE/calls ] || { echo "setup: the stand-in podman was not called"; exit 9; }
grep -q '^argv: .*hunter2secret' $FAKE/calls && { echo "BUG: the engine password is in podman's argv (visible in ps)"; exit 1; }
grep -q '^argv: .*--connection --log-level' $FAKE/calls && { echo "BUG: an engine name is passed as a separate argument (option injection)"; exit 1; }
echo OK; exit 0
