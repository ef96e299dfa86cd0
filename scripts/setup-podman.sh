#!/bin/sh
# setup-podman.sh — make sure `podman run` works on this machine.
#
# Builds a tiny probe image, localhost/podserve-gate-probe:latest (a `podman
# import` of a tarball holding only /bin/busybox from busybox-static), and runs
# `podman run --rm` of it.  Only when that fails does it apply this machine's
# known fix, a containers.conf drop-in:
#
#   /etc/containers/containers.conf.d/50-podserve-gate.conf
#     [containers] default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
#     [engine]     runtime = "runc"
#
# (podman's default RLIMIT_NOFILE of 1048576 is above the hard limit this VM
# grants, so runc fails with "error setting rlimit type 7: operation not
# permitted"; and only runc is installed, not crun.)  Then it retries.
# Idempotent; quiet when podman already works.  Exit 0 = podman works,
# 3 = podman missing or still broken (message on stderr).
set -eu

PROBE=localhost/podserve-gate-probe:latest
DROPIN_DIR=/etc/containers/containers.conf.d
DROPIN=$DROPIN_DIR/50-podserve-gate.conf
BUSYBOX=${BUSYBOX:-/bin/busybox}

die() { echo "setup-podman: $*" >&2; exit 3; }

command -v podman >/dev/null 2>&1 || die "podman is not installed (run scripts/install-deps.sh)"

build_probe() {
    podman image exists "$PROBE" && return 0
    [ -x "$BUSYBOX" ] || die "$BUSYBOX missing (apt-get install busybox-static)"
    if ldd "$BUSYBOX" >/dev/null 2>&1; then
        die "$BUSYBOX is dynamically linked; install busybox-static"
    fi
    tmp=$(mktemp -d)
    mkdir -p "$tmp/bin"
    cp "$BUSYBOX" "$tmp/bin/busybox"
    if ! tar -C "$tmp" -c . | podman import --quiet - "$PROBE" >/dev/null; then
        rm -rf "$tmp"
        die "could not import the probe image $PROBE"
    fi
    rm -rf "$tmp"
}

probe() {
    podman run --rm --network none --label podserve-gate=probe "$PROBE" \
        /bin/busybox true 2>"$ERRFILE"
}

ERRFILE=$(mktemp)
trap 'rm -f "$ERRFILE"' EXIT

build_probe
if probe; then
    exit 0
fi
first_err=$(cat "$ERRFILE")

want='# Written by podserve-gate scripts/setup-podman.sh: the default nofile rlimit
# (1048576) exceeds this host'"'"'s hard limit, so runc refuses to start containers.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]

[engine]
runtime = "runc"'

if [ -f "$DROPIN" ] && [ "$(cat "$DROPIN")" = "$want" ]; then
    die "podman run fails even with $DROPIN in place:
$first_err"
fi

[ -w /etc/containers ] || [ "$(id -u)" -eq 0 ] || die "podman run fails and writing $DROPIN needs root:
$first_err"
mkdir -p "$DROPIN_DIR"
printf '%s\n' "$want" >"$DROPIN"
echo "setup-podman: 'podman run' failed:" >&2
echo "  $first_err" >&2
echo "setup-podman: wrote $DROPIN (runtime = runc; default_ulimits nofile/nproc = 1024:1024)" >&2

if probe; then
    echo "setup-podman: podman run works now" >&2
    exit 0
fi
die "podman run still fails after writing $DROPIN:
$(cat "$ERRFILE")"
