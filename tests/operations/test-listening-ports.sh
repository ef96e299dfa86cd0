#!/bin/bash
# test-listening-ports.sh — network exposure check for the production gate item
# "Network security validated (only the declared ports are reachable)".
#
# For each service (default: dns apache mail, or the ones given as arguments):
#   1. start its image alone (`--network none`: own network namespace with only
#      loopback, label podserve-gate=ops-test; removed again by the EXIT trap);
#   2. wait until `/usr/local/bin/health-check.sh ready` passes;
#   3. read the listening sockets of the container's network namespace from
#      /proc/net/tcp, tcp6 (state 0A = LISTEN) and /proc/net/udp, udp6
#      (state 07 = unconnected/bound) — works in every image, no ss/netstat needed
#      (busybox `netstat -ltnu` output is printed alongside for the record);
#   4. fail if any listener's port/protocol is not in the service's declared
#      `ports:` (services/<svc>/service.yaml), unless it is in ALLOW below: an
#      internal listener that is bound to loopback ONLY and documented, with its
#      reason, in services/<svc>/README.md ("Network exposure").
# Prints the ports found per service.  Exit 0 = all services clean.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
READY_TIMEOUT=${READY_TIMEOUT:-30}
LABEL=podserve-gate=ops-test
SERVICES=("$@")
[[ ${#SERVICES[@]} -gt 0 ]] || SERVICES=(dns apache mail)

# Allow-list of undeclared listeners: "<svc> <proto> <port> <reason>".
# Each entry must be loopback-only (checked below) and documented in the
# service's README (checked below: the README must mention 127.0.0.1:<port>).
ALLOW=(
    "apache tcp 8081 built-in static backend behind /backend/ (BACKEND_BUILTIN=yes); bound to 127.0.0.1 only, reachable only from inside the pod"
)

CONTAINERS=()
cleanup() {
    local c
    for c in "${CONTAINERS[@]}"; do
        podman rm -f -v -t 0 "$c" >/dev/null 2>&1 || true   # -v: also the anonymous VOLUMEs (mail)
    done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "[listening-ports] $*" >&2; }

# declared_ports <svc> — "53/tcp 53/udp" from service.yaml's `ports: [...]`.
declared_ports() {
    sed -n 's/^ports: *\[\([^]]*\)\].*/\1/p' "$ROOT/services/$1/service.yaml" | tr -d ' ' | tr ',' ' '
}

# hex_ip <hex> — decode a /proc/net address (little-endian 32-bit words).
hex_ip() {
    local h=$1
    if [[ ${#h} -eq 8 ]]; then
        printf '%d.%d.%d.%d' "0x${h:6:2}" "0x${h:4:2}" "0x${h:2:2}" "0x${h:0:2}"
    else
        local i w out=
        for (( i = 0; i < 32; i += 8 )); do
            w=${h:i:8}
            out+="${w:6:2}${w:4:2}:${w:2:2}${w:0:2}:"
        done
        out=${out%:}
        case ${out,,} in
            0000:0000:0000:0000:0000:0000:0000:0000) echo '::' ;;
            0000:0000:0000:0000:0000:0000:0000:0001) echo '::1' ;;
            0000:0000:0000:0000:0000:ffff:*) printf '::ffff:%d.%d.%d.%d' "0x${out:30:2}" "0x${out:32:2}" "0x${out:35:2}" "0x${out:37:2}" ;;
            *) echo "${out,,}" ;;
        esac
    fi
}

is_loopback() {
    [[ $1 == 127.* || $1 == ::1 || $1 == ::ffff:127.* ]]
}

# listeners <container> — lines "proto addr port" (deduplicated).
listeners() {
    local c=$1 f proto state want line local_addr st
    for f in tcp tcp6 udp udp6; do
        proto=${f%6}
        [[ $proto == tcp ]] && want=0A || want=07
        while read -r _ local_addr _ st _; do
            [[ $st == "$want" ]] || continue
            echo "$proto $(hex_ip "${local_addr%:*}") $((16#${local_addr#*:}))"
        done < <(podman exec "$c" cat "/proc/net/$f" 2>/dev/null | tail -n +2)
    done | sort -u
}

overall=0
for svc in "${SERVICES[@]}"; do
    yaml=$ROOT/services/$svc/service.yaml
    [[ -f $yaml ]] || { log "FAIL: $yaml not found"; overall=1; continue; }
    image=$(sed -n 's/^image: *//p' "$yaml" | awk '{print $1}')
    declared=$(declared_ports "$svc")
    c=ops-ports-$svc-$$
    CONTAINERS+=("$c")
    podman run -d --name "$c" --label "$LABEL" --network none "$image" >/dev/null
    start=$(date +%s%N)
    until podman exec "$c" /usr/local/bin/health-check.sh ready >/dev/null 2>&1; do
        if (( ($(date +%s%N) - start) / 1000000000 >= READY_TIMEOUT )); then
            log "FAIL: $svc ($image) not ready after ${READY_TIMEOUT}s"
            podman logs --tail 15 "$c" >&2 || true
            overall=1
            continue 2
        fi
        sleep 0.3
    done
    sleep 1   # let any post-start listeners appear; no health probe runs now (its client sockets would show up)
    log "$svc ($image) ready after $(( ($(date +%s%N) - start) / 1000000 )) ms; declared ports: $declared"

    found=$(listeners "$c")
    bad=0
    internal=0
    summary=()
    while read -r proto addr port; do
        [[ -n ${proto:-} ]] || continue
        status=declared
        if [[ " $declared " != *" $port/$proto "* ]]; then
            status=
            for entry in "${ALLOW[@]}"; do
                read -r asvc aproto aport areason <<<"$entry"
                [[ $asvc == "$svc" && $aproto == "$proto" && $aport == "$port" ]] || continue
                if ! is_loopback "$addr"; then
                    status="NOT ALLOWED (allow-listed internal port but bound to $addr, not loopback)"
                elif ! grep -q "127\.0\.0\.1:$port" "$ROOT/services/$svc/README.md"; then
                    status="NOT ALLOWED (allow-listed but not documented in services/$svc/README.md)"
                else
                    status="internal, allowed: $areason"
                fi
            done
            [[ -n $status ]] || status="NOT DECLARED"
            if [[ $status == internal* ]]; then internal=1; else bad=1; fi
        fi
        echo "  $svc: $proto $addr:$port — $status"
        summary+=("$port/$proto@$addr")
    done <<<"$found"
    echo "$svc: listening ports found: ${summary[*]:-none}"
    echo "  (busybox netstat -ltnu in the container:)"
    podman exec "$c" busybox netstat -ltnu 2>&1 | sed 's/^/    /' || true

    # Every declared port must actually be listening (otherwise the plan is stale).
    for p in $declared; do
        if ! grep -q "^${p#*/} .* ${p%/*}\$" <<<"$found"; then
            echo "  $svc: declared port $p is NOT listening"
            bad=1
        fi
    done
    if [[ $bad -eq 0 ]]; then
        if [[ $internal -eq 1 ]]; then
            echo "$svc: PASS (only declared ports, plus documented loopback-only internal listeners)"
        else
            echo "$svc: PASS (only declared ports)"
        fi
    else
        echo "$svc: FAIL"
        overall=1
    fi
    podman rm -f -v -t 0 "$c" >/dev/null 2>&1 || true
done

if [[ $overall -eq 0 ]]; then echo "test-listening-ports: PASS"; else echo "test-listening-ports: FAILED"; fi
exit $overall
