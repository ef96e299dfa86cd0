#!/bin/sh
# install-deps.sh — install the Debian packages podserve-gate and the PodServe
# service images need. Idempotent and quiet when everything is present.
#
#   libgit2-dev      libgit2 headers/library for the Swift system-library target
#   podman runc      container engine and OCI runtime (no crun on this machine)
#   catatonit        pause process for pods (podman builds its infra image from it)
#   uidmap slirp4netns  rootless helpers (harmless when running as root)
#   busybox-static   source of the tiny probe image (scripts/setup-podman.sh)
#   debootstrap      builds the local base image (scripts/build-base-image.sh)
#   python3 python3-jsonschema python3-yaml  the schema tests (a real JSON Schema validator over this
#                    repository's plans and gate files) and the fuzz harness (tests/fuzz/)
set -eu

PKGS="libgit2-dev podman runc catatonit uidmap slirp4netns busybox-static debootstrap python3 python3-jsonschema python3-yaml"
# Packages given as arguments replace the list (scripts/install-test-deps.sh installs its own this way).
if [ "$#" -gt 0 ]; then PKGS="$*"; fi

missing=""
for p in $PKGS; do
    if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# Only refresh the package lists when they are missing or older than a day,
# or when apt cannot find a candidate for one of the packages.
need_update=0
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mtime -1 2>/dev/null | head -n1)" ]; then
    need_update=1
else
    for p in $missing; do
        if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
            need_update=1
        fi
    done
fi
if [ "$need_update" -eq 1 ]; then
    $SUDO apt-get update -qq >&2
fi
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >&2
echo "install-deps: done" >&2
