#!/bin/bash
# test-apache-dns.sh — apache + dns in one pod (tests/integration/pods/apache-dns.yaml).
# Asserts: both become ready; inside apache, names resolve through dns; apache
# answers through its reverse proxy (/backend/ → the backend named in
# BACKEND_URL, in the pod http://backend.$DOMAIN:8081/, resolved through dns);
# the dns container reaches apache by name (http://apache.$DOMAIN:8080/);
# after dns restarts, apache's proxy still answers.
# Standalone, or against an existing pod: POD=… [CONTAINER_DNS=…] [CONTAINER_APACHE=…]
source "$(dirname "$0")/lib.sh"

pod_up apache-dns.yaml dns apache
wait_ready "$CONTAINER_DNS"
wait_ready "$CONTAINER_APACHE"

resolves "$CONTAINER_APACHE" "dns.$DOMAIN" 127.0.0.1
resolves "$CONTAINER_APACHE" "apache.$DOMAIN" 127.0.0.1
backend=$(podman exec "$CONTAINER_APACHE" printenv BACKEND_URL 2>/dev/null || true)
log "apache proxies /backend/ to ${backend:-http://127.0.0.1:8081/ (default)}"
if [[ $backend =~ ^https?://([^/:]+) ]]; then
    backend_host=${BASH_REMATCH[1]}
    if [[ ! $backend_host =~ ^[0-9.]+$ ]]; then
        resolves "$CONTAINER_APACHE" "$backend_host"   # the proxy's backend name, through dns
    fi
fi

http_get "$CONTAINER_APACHE" "http://127.0.0.1:8080/backend/" "podserve-backend ok"
http_get "$CONTAINER_DNS" "http://apache.$DOMAIN:8080/backend/" "podserve-backend ok"
http_get "$CONTAINER_DNS" "http://apache.$DOMAIN:8080/" "PodServe apache"
status=$(podman exec "$CONTAINER_APACHE" timeout 5 busybox wget -q -O - 'http://127.0.0.1:8080/server-status?auto' 2>&1) \
    || fail "server-status failed: $status"
[[ $status == *"BusyWorkers:"* ]] || fail "server-status lacks BusyWorkers: $status"
pass "server-status: $(grep -E '^(Total Accesses|BusyWorkers):' <<<"$status" | tr '\n' ' ')"

restart_and_recover "$CONTAINER_DNS"
http_get "$CONTAINER_APACHE" "http://127.0.0.1:8080/backend/" "podserve-backend ok"
wait_ready "$CONTAINER_APACHE"
pod_stats
