#!/bin/bash
# entrypoint.sh — render the configuration, then exec dnsmasq in the foreground
# as PID 1.  dnsmasq binds port 53 as root and then drops to the dnsmasq user;
# it logs to stderr and exits 0 on SIGTERM.  Any other command is exec'd as is.
set -euo pipefail
if [[ ${1:-dnsmasq} == dnsmasq ]]; then
    [[ $# -gt 0 ]] && shift
    /usr/local/bin/render-config
    echo "entrypoint: starting dnsmasq for ${DOMAIN:-podserve.local}" >&2
    exec dnsmasq --keep-in-foreground --conf-file=/etc/dnsmasq.d/podserve.conf "$@"
fi
exec "$@"
