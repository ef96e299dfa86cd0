#!/bin/bash
# entrypoint.sh — render the configuration, then exec httpd in the foreground
# as PID 1 (running as www-data; ports 8080/8081 need no privileges).
# httpd logs to stdout (access) and stderr (errors).  On SIGTERM it stops its
# children and exits 0; on SIGWINCH it stops gracefully (GracefulShutdownTimeout 5).
# Any other command is exec'd as is.
set -euo pipefail
if [[ ${1:-apache2} == apache2 ]]; then
    [[ $# -gt 0 ]] && shift
    export APACHE_CONFDIR=${APACHE_CONFDIR:-/run/podserve-apache}
    /usr/local/bin/render-config
    rm -f "$APACHE_CONFDIR/apache2.pid"
    echo "entrypoint: starting apache2 for apache.${DOMAIN:-podserve.local}" >&2
    exec /usr/sbin/apache2 -d /etc/apache2 -f "$APACHE_CONFDIR/apache2.conf" -DFOREGROUND "$@"
fi
exec "$@"
