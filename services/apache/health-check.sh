#!/bin/sh
# health-check.sh [live|ready]   (default: ready)
#
#   live   httpd answers GET /healthz on 127.0.0.1:$HTTP_PORT
#   ready  /server-status?auto reports a running server and GET /backend/
#          answers 2xx through the reverse proxy
# Exit 0 healthy, 1 unhealthy (reason on stderr).  Each request times out after 1 s (busybox wget -T crashes in Debian 1.35, so coreutils timeout bounds it).
HTTP_PORT=${HTTP_PORT:-8080}
base=http://127.0.0.1:$HTTP_PORT
mode=${1:-ready}

get() {
    timeout 1 busybox wget -q -O - "$base$1" 2>&1
}

case $mode in
    live)
        out=$(get /healthz) || { echo "live: GET $base/healthz failed: $out" >&2; exit 1; }
        ;;
    ready)
        out=$(get '/server-status?auto') || { echo "ready: GET $base/server-status failed: $out" >&2; exit 1; }
        case $out in
            *ServerUptimeSeconds*) ;;
            *) echo "ready: unexpected /server-status answer: $out" >&2; exit 1 ;;
        esac
        out=$(get /backend/) || { echo "ready: GET $base/backend/ (proxied) failed: $out" >&2; exit 1; }
        ;;
    *)
        echo "usage: health-check.sh [live|ready]" >&2; exit 64 ;;
esac
exit 0
