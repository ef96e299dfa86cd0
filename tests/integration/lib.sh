# shellcheck shell=bash
# lib.sh — helpers shared by the PodServe integration tests (sourced, not run).
#
# A test either creates its own pod from tests/integration/pods/<name>.yaml
# (`podman play kube`, removed again with `podman play kube --down` on exit), or,
# when the environment names an existing pod, uses it as is:
#   POD=<pod>               the pod a gate tool already created
#   CONTAINER_<SVC>=<name>  its containers (default <pod>-<svc>, as play kube names them)
# Standalone pods join the internal network $PODSERVE_TEST_NETWORK
# [podserve-gate-internal] (created if missing, no route outside the host) so
# their dnsConfig (resolver 127.0.0.1 = the dns service) applies and nothing
# can reach the outside world.
set -euo pipefail

IT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DOMAIN=${DOMAIN:-podserve.local}
NETWORK=${PODSERVE_TEST_NETWORK:-podserve-gate-internal}
READY_TIMEOUT=${READY_TIMEOUT:-30}
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}
OWN_POD=0
OWN_NETWORK=0
POD_YAML=
POD_SERVICES=()

log()  { echo "[$TEST_NAME] $*" >&2; }
pass() { echo "[$TEST_NAME] ok: $*" >&2; }
fail() { echo "[$TEST_NAME] FAIL: $*" >&2; exit 1; }

_cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ $OWN_POD -eq 1 ]]; then
        if [[ $rc -ne 0 ]]; then
            local s var
            for s in "${POD_SERVICES[@]}"; do
                var=CONTAINER_${s^^}
                log "--- last log lines of ${!var} ---"
                podman logs --tail 15 "${!var}" 2>&1 | sed 's/^/    /' >&2 || true
            done
        fi
        podman play kube --down "$POD_YAML" >/dev/null 2>&1 || podman pod rm -f "$POD" >/dev/null 2>&1 || true
    fi
    if [[ $OWN_NETWORK -eq 1 ]]; then
        podman network rm "$NETWORK" >/dev/null 2>&1 || true   # still in use by another test: keep it
    fi
    if [[ $rc -eq 0 ]]; then
        echo "[$TEST_NAME] PASS" >&2
    else
        echo "[$TEST_NAME] FAILED (exit $rc)" >&2
    fi
    exit $rc
}

# pod_up <yaml name> <svc>… — use $POD or create the pod; set CONTAINER_<SVC>.
pod_up() {
    POD_YAML=$IT_DIR/pods/$1
    shift
    POD_SERVICES=("$@")
    local s var img
    if [[ -n ${POD:-} ]]; then
        podman pod exists "$POD" || fail "POD=$POD names no existing pod"
        log "using existing pod $POD"
    else
        [[ -f $POD_YAML ]] || fail "$POD_YAML not found"
        for img in $(sed -n 's/^ *image: *//p' "$POD_YAML"); do
            podman image exists "$img" || fail "image $img is missing — build it first (scripts/build-images.sh)"
        done
        POD=$(sed -n 's/^  name: *//p' "$POD_YAML" | head -n1)
        podman pod exists "$POD" && fail "pod $POD already exists (left over? remove it: podman play kube --down $POD_YAML)"
        if ! podman network exists "$NETWORK"; then
            podman network create --internal --disable-dns --label podserve-gate=test "$NETWORK" >/dev/null \
                || fail "cannot create the internal network $NETWORK"
            OWN_NETWORK=1
        fi
        trap _cleanup EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        OWN_POD=1
        local out
        out=$(podman play kube --network "$NETWORK" "$POD_YAML" 2>&1) || fail "podman play kube $POD_YAML failed: $out"
        log "created pod $POD from ${POD_YAML#"$IT_DIR"/}"
    fi
    for s in "${POD_SERVICES[@]}"; do
        var=CONTAINER_${s^^}
        [[ -n ${!var:-} ]] || printf -v "$var" '%s' "$POD-$s"
        podman container exists "${!var}" || fail "container ${!var} ($s) not found in pod $POD"
    done
    if [[ $OWN_POD -eq 0 ]]; then
        trap _cleanup EXIT   # prints PASS/FAIL; leaves the pod to its owner
    fi
}

# wait_ready <container> — poll its readiness check until it passes.
wait_ready() {
    local c=$1 start now out
    start=$(date +%s%N)
    while :; do
        if out=$(podman exec "$c" /usr/local/bin/health-check.sh ready 2>&1); then
            now=$(date +%s%N)
            pass "$c ready after $(( (now - start) / 1000000 )) ms"
            return 0
        fi
        now=$(date +%s%N)
        (( (now - start) / 1000000000 < READY_TIMEOUT )) || fail "$c not ready after ${READY_TIMEOUT}s: $out"
        sleep 0.3
    done
}

# resolves <container> <name> [address] — the name resolves inside the
# container through the system resolver (the pod's dns), to address if given.
resolves() {
    local c=$1 name=$2 want=${3:-} out
    out=$(podman exec "$c" getent ahostsv4 "$name" 2>&1 | awk 'NR == 1 { print $1 }') || true
    [[ -n $out ]] || fail "$name does not resolve inside $c"
    [[ -z $want || $out == "$want" ]] || fail "$name resolves to $out inside $c, expected $want"
    pass "$name resolves to $out inside $c"
}

# The SMTP client run inside a container (bash /dev/tcp; the host name goes
# through the container's resolver).  Args: host port rcpt token.
# shellcheck disable=SC2016
SMTP_SEND='
host=$1 port=$2 rcpt=$3 token=$4
exec 3<>"/dev/tcp/$host/$port" || { echo "cannot connect to $host:$port"; exit 1; }
reply() {
    local line
    while IFS= read -r -t 5 -u 3 line; do
        line=${line%$'"'"'\r'"'"'}
        [[ ${line:3:1} == - ]] && continue
        [[ ${line:0:3} == "$1" ]] && { last=$line; return 0; }
        echo "expected $1 after $2, got: $line"; exit 1
    done
    echo "no reply after $2"; exit 1
}
send() { printf "%s\r\n" "$1" >&3; }
reply 220 connect
send "EHLO it-client.example";         reply 250 EHLO
send "MAIL FROM:<it-test@example.org>"; reply 250 "MAIL FROM"
send "RCPT TO:<$rcpt>";                reply 250 "RCPT TO:<$rcpt>"
send DATA;                             reply 354 DATA
send "From: it-test@example.org"
send "To: $rcpt"
send "Subject: podserve integration $token"
send ""
send "integration token $token"
send "."
reply 250 "end of data"; echo "$last"
send QUIT;                             reply 221 QUIT
'

# smtp_send <container> <host> <rcpt> <token> — deliver one message over SMTP
# from inside <container>.
smtp_send() {
    local c=$1 host=$2 rcpt=$3 token=$4 out
    out=$(podman exec "$c" timeout 15 bash -c "$SMTP_SEND" smtp-send "$host" 25 "$rcpt" "$token" 2>&1) \
        || fail "SMTP from $c to $host:25 for <$rcpt> failed: $out"
    pass "$c → $host:25 accepted mail for <$rcpt>: $out"
}

# wait_mailbox <mail container> <user> <token> [timeout s] — the message
# carrying token lands in /var/mail/<user>.
wait_mailbox() {
    local c=$1 user=$2 token=$3 limit=${4:-15} i
    for (( i = 0; i < limit * 4; i++ )); do
        if podman exec "$c" grep -q "integration token $token" "/var/mail/$user" 2>/dev/null; then
            pass "message $token delivered to /var/mail/$user in $c"
            return 0
        fi
        sleep 0.25
    done
    fail "message $token did not reach /var/mail/$user in $c within ${limit}s: $(podman exec "$c" postqueue -p 2>&1 | tail -n 5)"
}

# http_get <container> <url> <expected substring> — busybox wget inside the container.
http_get() {
    local c=$1 url=$2 want=$3 out
    out=$(podman exec "$c" timeout 5 busybox wget -q -O - "$url" 2>&1) || fail "GET $url from $c failed: $out"
    [[ $out == *"$want"* ]] || fail "GET $url from $c: expected '$want', got: $out"
    pass "GET $url from $c answered '$want'"
}

# restart_and_recover <container> — restart a dependency, wait until ready.
restart_and_recover() {
    local c=$1
    podman restart -t 10 "$c" >/dev/null || fail "podman restart $c failed"
    log "restarted $c"
    wait_ready "$c"
}

pod_stats() {
    local s var line
    for s in "${POD_SERVICES[@]}"; do
        var=CONTAINER_${s^^}
        line=$(podman stats --no-stream --format '{{.Name}} mem={{.MemUsage}}' "${!var}" 2>/dev/null | head -n1) || true
        [[ -n $line ]] && log "resources: $line"
    done
    return 0
}
