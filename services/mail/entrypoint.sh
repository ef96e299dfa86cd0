#!/bin/bash
# entrypoint.sh — render the configuration, then run Postfix in the foreground
# (`postfix start-fg`: the master process becomes PID 1 and logs to stdout).
# The master runs as root because it binds port 25; every worker (smtpd,
# cleanup, qmgr, …) runs as the unprivileged postfix user, local delivery as
# the recipient.  Any other command is exec'd as is.
set -euo pipefail
if [[ ${1:-postfix} == postfix && ${2:-start-fg} == start-fg ]]; then
    /usr/local/bin/render-config
    # A stale master.pid from an unclean stop would make start-fg refuse to run.
    rm -f /var/spool/postfix/pid/master.pid
    echo "entrypoint: starting postfix for ${DOMAIN:-podserve.local}" >&2
    exec postfix start-fg
fi
exec "$@"
