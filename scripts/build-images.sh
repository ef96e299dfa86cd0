#!/bin/sh
# build-images.sh [--rebuild] [svc…] — build the local base image and the
# PodServe service images (default: every service with a `build:` context).
# Delegates to `podserve-gate build`, so the images carry the git tree id of
# the committed build context they were built from (io.podserve-gate.context
# label): images made by a plain `podman build` are refused by the runtime
# gates as stale.  Up-to-date images are skipped unless --rebuild.
set -eu
cd "$(dirname "$0")/.."
for a in "$@"; do
    case $a in
        --rebuild) ;;
        -*) echo "usage: $0 [--rebuild] [svc…]" >&2; exit 64 ;;
    esac
done
exec scripts/podserve-gate build "$@"
