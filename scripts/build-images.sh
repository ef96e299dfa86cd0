#!/bin/sh
# build-images.sh [--rebuild] [svc…] — build the local base image and the
# PodServe service images (default: every services/<svc>/ with a Containerfile).
# Stand-in for `podserve-gate build` until that command exists.  Existing
# images are skipped unless --rebuild.  Image names come from service.yaml's
# `image:` (default localhost/podserve-<svc>:latest).
set -eu
cd "$(dirname "$0")/.."
rebuild=""
svcs=""
for a in "$@"; do
    case $a in
        --rebuild) rebuild=--rebuild ;;
        -*) echo "usage: $0 [--rebuild] [svc…]" >&2; exit 64 ;;
        *) svcs="$svcs $a" ;;
    esac
done
[ -n "$svcs" ] || svcs=$(for f in services/*/Containerfile; do basename "$(dirname "$f")"; done)

scripts/build-base-image.sh $rebuild
for s in $svcs; do
    [ -f "services/$s/Containerfile" ] || { echo "build-images: services/$s/Containerfile not found" >&2; exit 2; }
    image=$(sed -n 's/^image:[[:space:]]*\([^[:space:]#]*\).*/\1/p' "services/$s/service.yaml" 2>/dev/null | head -n1)
    image=${image:-localhost/podserve-$s:latest}
    if [ -z "$rebuild" ] && podman image exists "$image"; then
        continue
    fi
    echo "build-images: building $image" >&2
    start=$(date +%s)
    podman build --quiet --tag "$image" --file "services/$s/Containerfile" "services/$s" >/dev/null
    echo "build-images: built $image in $(( $(date +%s) - start ))s" >&2
done
