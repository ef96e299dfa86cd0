#!/bin/sh
# health-check.sh [live|ready]   (default: ready)
#
#   live   dnsmasq answers a query on 127.0.0.1:53 (the zone apex, $DOMAIN)
#   ready  the internal name dns.$DOMAIN resolves to $DNS_ADDRESS, i.e. the
#          rendered zone is loaded and served
# Exit 0 healthy, 1 unhealthy (reason on stderr).  Each query times out after 1 s.
DOMAIN=${DOMAIN:-podserve.local}
DNS_ADDRESS=${DNS_ADDRESS:-127.0.0.1}
mode=${1:-ready}

query() {
    timeout 2 busybox nslookup -timeout=1 -retry=1 "$1" 127.0.0.1 2>&1
}

case $mode in
    live)
        out=$(query "$DOMAIN") || { echo "live: no answer from 127.0.0.1:53 for $DOMAIN: $out" >&2; exit 1; }
        ;;
    ready)
        out=$(query "dns.$DOMAIN") || { echo "ready: dns.$DOMAIN does not resolve: $out" >&2; exit 1; }
        case $out in
            *"Address: $DNS_ADDRESS"*) ;;
            *) echo "ready: dns.$DOMAIN did not resolve to $DNS_ADDRESS: $out" >&2; exit 1 ;;
        esac
        ;;
    *)
        echo "usage: health-check.sh [live|ready]" >&2; exit 64 ;;
esac
exit 0
