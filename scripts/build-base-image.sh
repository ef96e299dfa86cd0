#!/bin/sh
# build-base-image.sh — build the local PodServe base image
#
#     localhost/podserve-base:bookworm
#
# from scratch, without an image registry: `debootstrap --variant=minbase
# bookworm` into a temporary directory from this machine's configured Debian
# mirror (read from /etc/apt/sources.list and /etc/apt/sources.list.d/*), then
# `tar -C dir -c . | podman import - localhost/podserve-base:bookworm`.
# Every service Containerfile under services/ starts FROM this image;
# `podserve-gate build` runs this script when the image is missing.
#
# Usage: scripts/build-base-image.sh [--rebuild]
# Env:   MIRROR=<url> overrides the detected Debian mirror;
#        SECURITY_MIRROR=<url> overrides the detected security mirror.
# Skips (exit 0, silent) when the image exists, unless --rebuild.  Needs root.
set -eu

IMAGE=localhost/podserve-base:bookworm
SUITE=bookworm
rebuild=0
for a in "$@"; do
    case $a in
        --rebuild) rebuild=1 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "build-base-image: unknown argument: $a" >&2; exit 64 ;;
    esac
done

if [ $rebuild -eq 0 ] && podman image exists "$IMAGE"; then
    exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "build-base-image: debootstrap needs root" >&2; exit 3; }
command -v debootstrap >/dev/null 2>&1 || { echo "build-base-image: debootstrap missing (scripts/install-deps.sh)" >&2; exit 3; }

# All URIs configured for apt on this host, one-line and deb822 formats.
apt_uris() {
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; break } }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'tolower($1) == "uris:" { for (i = 2; i <= NF; i++) print $i }' "$f"
    done
}
if [ -z "${MIRROR:-}" ]; then
    MIRROR=$(apt_uris | grep -E '/debian/?$' | grep -v -- '-security' | head -n1 || true)
    MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi
if [ -z "${SECURITY_MIRROR:-}" ]; then
    SECURITY_MIRROR=$(apt_uris | grep -E -- '-security/?$' | head -n1 || true)
fi
MIRROR=${MIRROR%/}

work=$(mktemp -d /var/tmp/podserve-base.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
root=$work/rootfs

echo "build-base-image: debootstrap --variant=minbase $SUITE from $MIRROR" >&2
start=$(date +%s)
if ! debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    [ -f "$root/debootstrap/debootstrap.log" ] && tail -n 30 "$root/debootstrap/debootstrap.log" >&2
    echo "build-base-image: debootstrap failed" >&2
    exit 1
fi

# apt sources inside the image: the same mirrors the host uses.
rm -f "$root/etc/apt/sources.list"
{
    printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
        "$MIRROR" "$SUITE" "$SUITE"
    if [ -n "$SECURITY_MIRROR" ]; then
        printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
            "${SECURITY_MIRROR%/}" "$SUITE"
    fi
} >"$root/etc/apt/sources.list.d/debian.sources"

# Keep derived images small: no recommends, no docs/man/locales.
cat >"$root/etc/apt/apt.conf.d/90podserve" <<'CONF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
Acquire::GzipIndexes "true";
CONF
cat >"$root/etc/dpkg/dpkg.cfg.d/90podserve-nodoc" <<'CONF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*
CONF
find "$root/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$root/usr/share/man/"* "$root/usr/share/info/"* "$root/usr/share/locale/"* \
       "$root/var/lib/apt/lists/"* "$root/var/cache/apt/"*.bin "$root/var/cache/apt/archives/"*.deb \
       "$root/var/log/"*.log "$root/debootstrap"
: >"$root/etc/resolv.conf"
: >"$root/etc/hostname"

tar --numeric-owner -C "$root" -c . | podman import --quiet \
    --change 'CMD ["/bin/bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$IMAGE" >/dev/null
echo "build-base-image: built $IMAGE in $(( $(date +%s) - start ))s" >&2
