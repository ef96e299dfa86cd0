#!/bin/bash
# test-upgrade.sh — tests the upgrade and backup/restore procedures documented
# in services/<svc>/README.md ("## Operations") for the production gate item
# "Operational readiness … backup/restore procedures documented; upgrade
# procedures tested".
#
# mail (stateful: /var/mail and /var/spool/postfix on named volumes):
#   1. run the current image on two fresh named volumes, wait ready, deliver a
#      message (SMTP from inside the container) and see it in /var/mail/alice;
#   2. back up both volumes exactly as the README says (stop, `podman volume
#      export`, start);
#   3. "upgrade": build a new tag from the same Containerfile with a trivial
#      label change (localhost/podserve-mail:upgrade-test), recreate the
#      container from it on the SAME volumes; the message is still there, the
#      service is ready, the rendered config is unchanged, and new mail lands;
#   4. restore the backup into fresh volumes (`podman volume create` +
#      `podman volume import`), start a container on them: ready, the first
#      message is there and the post-backup one is not (it really is the backup).
# dns, apache (stateless): a container of the rebuilt tag comes up ready with
#   the same rendered config (`render-config --print`) as the current image.
# Everything it creates (containers, volumes, backup files, the :upgrade-test
# tags) carries/uses label podserve-gate=ops-test and is removed on exit.
TEST_NAME=test-upgrade
source "$(dirname "$0")/../integration/lib.sh"

ROOT=$(cd "$IT_DIR/../.." && pwd)
LABEL=podserve-gate=ops-test
TAG=upgrade-test
ID=$$
WORK=$(mktemp -d /tmp/podserve-ops-upgrade.XXXXXX)
CONTAINERS=()
VOLUMES=()
TAGS=()

cleanup() {
    local rc=$? x
    trap - EXIT INT TERM
    for x in "${CONTAINERS[@]}"; do podman rm -f -v -t 0 "$x" >/dev/null 2>&1 || true; done
    for x in "${VOLUMES[@]}"; do podman volume rm -f "$x" >/dev/null 2>&1 || true; done
    for x in "${TAGS[@]}"; do podman rmi "$x" >/dev/null 2>&1 || true; done
    rm -rf "$WORK"
    if [[ $rc -eq 0 ]]; then echo "[$TEST_NAME] PASS" >&2; else echo "[$TEST_NAME] FAILED (exit $rc)" >&2; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# run_svc <name> <image> [podman run args…] — start detached, isolated.
run_svc() {
    local name=$1 image=$2
    shift 2
    CONTAINERS+=("$name")
    podman run -d --name "$name" --label "$LABEL" --network none "$@" "$image" >/dev/null \
        || fail "podman run $image failed"
}

# rebuild <svc> — build the upgrade tag from the service's Containerfile with a
# trivial label change (what `podserve-gate build --rebuild <svc>` does, minus
# overwriting :latest, which other jobs use).
rebuild() {
    local svc=$1 img=localhost/podserve-$1:$TAG out
    TAGS+=("$img")
    out=$(podman build --label upgrade-test=1 -t "$img" "$ROOT/services/$svc" 2>&1) \
        || fail "podman build $svc failed: $(tail -n 5 <<<"$out")"
    local old new
    old=$(podman image inspect --format '{{.Id}}' "localhost/podserve-$svc:latest")
    new=$(podman image inspect --format '{{.Id}}' "$img")
    [[ $old != "$new" ]] || fail "$img has the same image id as :latest"
    [[ $(podman image inspect --format '{{index .Labels "upgrade-test"}}' "$img") == 1 ]] || fail "$img lacks the label"
    pass "built $img (${new:0:12}, :latest is ${old:0:12})"
}

same_config() {
    local a=$1 b=$2 ca cb
    ca=$(podman exec "$a" /usr/local/bin/render-config --print 2>&1) || fail "render-config --print in $a failed"
    cb=$(podman exec "$b" /usr/local/bin/render-config --print 2>&1) || fail "render-config --print in $b failed"
    [[ $ca == "$cb" ]] || fail "rendered config differs between $a and $b: $(diff <(echo "$ca") <(echo "$cb") | head)"
    pass "rendered config identical in $a and $b ($(wc -l <<<"$ca") lines)"
}

has_token() {   # has_token <container> <token>
    podman exec "$1" grep -q "integration token $2" /var/mail/alice 2>/dev/null
}

# ---------------------------------------------------------------- mail
log "=== mail (stateful) ==="
VMAIL=ops-upg-$ID-mail
VSPOOL=ops-upg-$ID-spool
for v in "$VMAIL" "$VSPOOL"; do
    VOLUMES+=("$v")
    podman volume create --label "$LABEL" "$v" >/dev/null
done
M1=ops-upg-$ID-mail-v1
run_svc "$M1" localhost/podserve-mail:latest -v "$VMAIL:/var/mail" -v "$VSPOOL:/var/spool/postfix"
wait_ready "$M1"
tok1=upg1-$ID-$RANDOM
smtp_send "$M1" 127.0.0.1 "alice@$DOMAIN" "$tok1"
wait_mailbox "$M1" alice "$tok1"

# Backup, as in services/mail/README.md: stop (consistent mbox + queue), export, start.
t0=$(date +%s%N)
podman stop -t 10 "$M1" >/dev/null
podman volume export "$VMAIL" --output "$WORK/mail-data.tar"
podman volume export "$VSPOOL" --output "$WORK/mail-spool.tar"
podman start "$M1" >/dev/null
tar -tvf "$WORK/mail-data.tar" | grep -q ' alice$\| ./alice$' || fail "backup $WORK/mail-data.tar has no alice mailbox: $(tar -tf "$WORK/mail-data.tar")"
pass "backup: mail-data.tar $(stat -c %s "$WORK/mail-data.tar") bytes, mail-spool.tar $(stat -c %s "$WORK/mail-spool.tar") bytes, $(( ($(date +%s%N) - t0) / 1000000 )) ms incl. stop/start"
log "backup mailbox entry: $(tar -tvf "$WORK/mail-data.tar" | grep alice)"
wait_ready "$M1"

# Upgrade: new image, recreate the container on the same volumes.
rebuild mail
podman stop -t 10 "$M1" >/dev/null
podman rm "$M1" >/dev/null
M2=ops-upg-$ID-mail-v2
run_svc "$M2" "localhost/podserve-mail:$TAG" -v "$VMAIL:/var/mail" -v "$VSPOOL:/var/spool/postfix"
wait_ready "$M2"
has_token "$M2" "$tok1" || fail "after the upgrade, message $tok1 is missing from /var/mail/alice"
pass "after the upgrade: message $tok1 still in /var/mail/alice ($(podman exec "$M2" grep -c '^From ' /var/mail/alice) message(s))"
M0=ops-upg-$ID-mail-ref   # reference: the current image, no volumes, same env
run_svc "$M0" localhost/podserve-mail:latest
wait_ready "$M0"
same_config "$M0" "$M2"
tok2=upg2-$ID-$RANDOM
smtp_send "$M2" 127.0.0.1 "postmaster@$DOMAIN" "$tok2"
wait_mailbox "$M2" alice "$tok2"
[[ -z $(podman exec "$M2" postqueue -p 2>&1 | grep -v 'Mail queue is empty') ]] || log "queue after upgrade: $(podman exec "$M2" postqueue -p)"

# Restore, as in services/mail/README.md: fresh volumes, import, start.
RMAIL=ops-upg-$ID-mail-restored
RSPOOL=ops-upg-$ID-spool-restored
for v in "$RMAIL" "$RSPOOL"; do
    VOLUMES+=("$v")
    podman volume create --label "$LABEL" "$v" >/dev/null
done
podman volume import "$RMAIL" "$WORK/mail-data.tar"
podman volume import "$RSPOOL" "$WORK/mail-spool.tar"
M3=ops-upg-$ID-mail-restored
run_svc "$M3" "localhost/podserve-mail:$TAG" -v "$RMAIL:/var/mail" -v "$RSPOOL:/var/spool/postfix"
wait_ready "$M3"
has_token "$M3" "$tok1" || fail "restored volume lacks message $tok1"
! has_token "$M3" "$tok2" || fail "restored volume has $tok2, which was sent after the backup"
perm=$(podman exec "$M3" stat -c '%U:%G %a' /var/mail/alice)
[[ $perm == "alice:mail 600" ]] || log "note: restored /var/mail/alice is $perm"
pass "restore: $tok1 present, post-backup $tok2 absent, /var/mail/alice $perm"
tok3=upg3-$ID-$RANDOM
smtp_send "$M3" 127.0.0.1 "alice@$DOMAIN" "$tok3"
wait_mailbox "$M3" alice "$tok3"
pass "mail: upgrade kept the data, backup/restore round-trip works, new deliveries land after both"

# ---------------------------------------------------------------- dns, apache
for svc in dns apache; do
    log "=== $svc (stateless) ==="
    rebuild "$svc"
    a=ops-upg-$ID-$svc-v1
    b=ops-upg-$ID-$svc-v2
    run_svc "$a" "localhost/podserve-$svc:latest"
    wait_ready "$a"
    podman rm -f -t 10 "$a" >/dev/null   # the upgrade: old container goes, new one comes
    t0=$(date +%s%N)
    run_svc "$b" "localhost/podserve-$svc:$TAG"
    wait_ready "$b"
    pass "$svc: rebuilt tag ready $(( ($(date +%s%N) - t0) / 1000000 )) ms after podman run (target 5000 ms)"
    r=ops-upg-$ID-$svc-ref
    run_svc "$r" "localhost/podserve-$svc:latest"
    wait_ready "$r"
    same_config "$r" "$b"
done
