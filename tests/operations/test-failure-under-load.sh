#!/bin/bash
# test-failure-under-load.sh — "Failure scenarios and recovery procedures
# validated under load" for the production gate.
#
# In the dns + apache + mail pod (tests/integration/pods/mail-dns-apache.yaml,
# lib.sh's pod_up / wait_ready / restart_and_recover) three client loops run
# inside the mail container (the one container that is not restarted), each
# one request at a time with a 0.1 s pause, every request going through the
# pod's dns by name like a real client:
#   smtp  one SMTP session per message to mail.$DOMAIN:25 for alice@$DOMAIN
#   http  GET http://apache.$DOMAIN:8080/backend/ (apache's proxy, which itself
#         resolves backend.$DOMAIN through dns)
#   dns   busybox nslookup apache.$DOMAIN against 127.0.0.1:53
# After LOAD_WARMUP s dns is restarted (podman restart), then after
# LOAD_BETWEEN s apache; the load keeps running LOAD_AFTER s after that.
# Asserts:
#   - after each restart every service is ready again within its startup
#     target (5 s, services/*/service.yaml) of the restarted container running;
#   - requests fail only while a restart window is open (restart command issued
#     → all three services ready again): zero failures before, between and after
#     the windows, and successes in each of those phases;
#   - every message accepted with 250 (in particular every one sent outside the
#     windows) is in /var/mail/alice.
# Prints per-load ok/fail counts for before / during dns restart / between /
# during apache restart / after.  The pod is removed on exit (lib.sh).
TEST_NAME=test-failure-under-load
source "$(dirname "$0")/../integration/lib.sh"

STARTUP_TARGET_MS=${STARTUP_TARGET_MS:-5000}
LOAD_WARMUP=${LOAD_WARMUP:-6}
LOAD_BETWEEN=${LOAD_BETWEEN:-6}
LOAD_AFTER=${LOAD_AFTER:-6}
RUN=fl-$$-$RANDOM
WORK=$(mktemp -d /tmp/podserve-ops-fl.XXXXXX)

pod_up mail-dns-apache.yaml dns apache mail
# lib.sh's EXIT trap removes the pod; also remove our scratch directory and
# stop the load loops (they end by themselves once the pod is gone).
on_exit() {
    local rc=$? j
    rm -rf "$WORK"
    for j in $(jobs -p); do kill "$j" 2>/dev/null || true; done
    (exit "$rc")
    _cleanup   # lib.sh: removes the pod (and the network if it created it), prints PASS/FAILED, exits rc
}
trap on_exit EXIT
wait_ready "$CONTAINER_DNS"
wait_ready "$CONTAINER_APACHE"
wait_ready "$CONTAINER_MAIL"

now_ms() { date +%s%3N; }

# The client loop run inside the mail container: one line per request,
# "<start ms> <end ms> <ok|fail> <token|->".  Stops when /tmp/<run>.stop
# exists (or after 120 s).
# shellcheck disable=SC2016
LOAD_LOOP='
kind=$1 run=$2 domain=$3
end=$(( $(date +%s) + 120 ))
i=0
while [[ ! -e /tmp/$run.stop ]] && (( $(date +%s) < end )); do
    i=$((i + 1)); tok=-; r=fail
    t0=$(date +%s%3N)
    case $kind in
        smtp)
            tok=$run-$i
            out=$(timeout 5 bash -c "$SMTP_SEND" smtp-send "mail.$domain" 25 "alice@$domain" "$tok" 2>&1) \
                && [[ $out == 250* ]] && r=ok ;;
        http)
            out=$(timeout 3 busybox wget -q -O - "http://apache.$domain:8080/backend/" 2>&1) \
                && [[ $out == *"podserve-backend ok"* ]] && r=ok ;;
        dns)
            out=$(timeout 3 busybox nslookup -timeout=1 -retry=1 "apache.$domain" 127.0.0.1 2>&1) \
                && [[ $out == *"Address: 127.0.0.1"* ]] && r=ok ;;
    esac
    echo "$t0 $(date +%s%3N) $r $tok"
    sleep 0.1
done
'

LOADS=(smtp http dns)
PIDS=()
for k in "${LOADS[@]}"; do
    podman exec -e SMTP_SEND="$SMTP_SEND" "$CONTAINER_MAIL" bash -c "$LOAD_LOOP" load "$k" "$RUN" "$DOMAIN" \
        >"$WORK/$k.log" 2>"$WORK/$k.err" &
    PIDS+=($!)
done
LOAD_T0=$(now_ms)
log "load started (run $RUN): smtp, http, dns from inside $CONTAINER_MAIL"

# restart_window <container> <label> — restart it under load; sets W_START,
# W_END (all services ready again) and checks the startup target.
restart_window() {
    local c=$1 what=$2 t_start t_running t_ready s var since
    t_start=$(now_ms)
    podman restart -t 10 "$c" >/dev/null || fail "podman restart $c failed"
    t_running=$(now_ms)
    log "restarted $c (podman restart took $((t_running - t_start)) ms)"
    for s in dns apache mail; do
        var=CONTAINER_${s^^}
        wait_ready "${!var}"
        t_ready=$(now_ms)
        since=$((t_ready - t_running))
        if (( since > STARTUP_TARGET_MS )); then
            fail "$s not ready until $since ms after $c was restarted (startup target $STARTUP_TARGET_MS ms)"
        fi
        RESULTS+=("$what: $s ready ${since} ms after the restarted container was running ($((t_ready - t_start)) ms after podman restart was issued; target ${STARTUP_TARGET_MS} ms)")
    done
    W_START=$t_start
    W_END=$(now_ms)
}

RESULTS=()
sleep "$LOAD_WARMUP"
restart_window "$CONTAINER_DNS" "dns restart"
W1S=$W_START W1E=$W_END
sleep "$LOAD_BETWEEN"
restart_window "$CONTAINER_APACHE" "apache restart"
W2S=$W_START W2E=$W_END
sleep "$LOAD_AFTER"
podman exec "$CONTAINER_MAIL" touch "/tmp/$RUN.stop"
for p in "${PIDS[@]}"; do wait "$p" || true; done
LOAD_T1=$(now_ms)
log "load stopped after $(( (LOAD_T1 - LOAD_T0) / 1000 )) s; windows (ms from load start): dns [$((W1S - LOAD_T0)), $((W1E - LOAD_T0))], apache [$((W2S - LOAD_T0)), $((W2E - LOAD_T0))]"

echo "restart timings:"
printf '  %s\n' "${RESULTS[@]}"

# Classify each request by phase.
bad=0
printf '%-5s %-14s %-16s %-14s %-19s %-14s\n' load before during-dns between during-apache after
for k in "${LOADS[@]}"; do
    [[ -s $WORK/$k.log ]] || fail "the $k load produced no output: $(cat "$WORK/$k.err")"
    line=$(awk -v w1s="$W1S" -v w1e="$W1E" -v w2s="$W2S" -v w2e="$W2E" '
        NF >= 3 {
            s = $1; e = $2
            if (e < w1s) p = 1
            else if (s <= w1e) p = 2
            else if (e < w2s) p = 3
            else if (s <= w2e) p = 4
            else p = 5
            if ($3 == "ok") ok[p]++; else ko[p]++
        }
        END {
            for (p = 1; p <= 5; p++) printf "%d/%d ", ok[p] + 0, ko[p] + 0
        }' "$WORK/$k.log")
    read -r b dd bt da af <<<"$line"
    printf '%-5s %-14s %-16s %-14s %-19s %-14s\n' "$k" "$b" "$dd" "$bt" "$da" "$af"
    for ph in "before:$b" "between:$bt" "after:$af"; do
        name=${ph%%:*} v=${ph#*:}
        okc=${v%/*} koc=${v#*/}
        if (( koc > 0 )); then
            echo "  FAIL: $k had $koc failed request(s) $name the restart windows:"
            awk -v w1s="$W1S" -v w1e="$W1E" -v w2s="$W2S" -v w2e="$W2E" -v t0="$LOAD_T0" \
                '$3 != "ok" && !(($2 >= w1s && $1 <= w1e) || ($2 >= w2s && $1 <= w2e)) { printf "    t=%d..%d ms %s %s\n", $1 - t0, $2 - t0, $3, $4 }' "$WORK/$k.log" | head -n 5
            bad=1
        fi
        if (( okc == 0 )); then
            echo "  FAIL: $k had no successful request $name the restart windows"
            bad=1
        fi
    done
done
echo "(ok/failed requests per phase; a window is 'restart issued → all three services ready again')"

# Mail: every accepted message must land.
mapfile -t accepted < <(awk '$3 == "ok" { print $4 }' "$WORK/smtp.log")
mapfile -t outside < <(awk -v w1s="$W1S" -v w1e="$W1E" -v w2s="$W2S" -v w2e="$W2E" \
    '!(($2 >= w1s && $1 <= w1e) || ($2 >= w2s && $1 <= w2e)) { print $4 }' "$WORK/smtp.log")
landed=()
for (( i = 0; i < 60; i++ )); do
    mapfile -t landed < <(podman exec "$CONTAINER_MAIL" grep -o "integration token $RUN-[0-9]*" /var/mail/alice 2>/dev/null \
        | awk '{ print $3 }' | sort -u)
    (( ${#landed[@]} >= ${#accepted[@]} )) && break
    sleep 0.5
done
missing=$(comm -23 <(printf '%s\n' "${accepted[@]}" | sort -u) <(printf '%s\n' "${landed[@]}" | sort -u) | grep -c . || true)
missing_outside=$(comm -23 <(printf '%s\n' "${outside[@]}" | sort -u) <(printf '%s\n' "${landed[@]}" | sort -u) | grep -c . || true)
echo "mail: $(wc -l <"$WORK/smtp.log") sent, ${#accepted[@]} accepted (250), ${#landed[@]} landed in /var/mail/alice; ${#outside[@]} sent outside the restart windows, $missing_outside of them missing; $missing accepted message(s) missing"
if (( missing > 0 || missing_outside > 0 )); then
    echo "  FAIL: mail lost; queue: $(podman exec "$CONTAINER_MAIL" postqueue -p 2>&1 | tail -n 3)"
    bad=1
fi
pod_stats
(( bad == 0 )) || fail "failure-under-load assertions failed (see above)"
pass "every service ready within ${STARTUP_TARGET_MS} ms of each restart; failures only inside the restart windows; all accepted mail delivered"
