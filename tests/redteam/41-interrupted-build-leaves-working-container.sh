#!/bin/bash
# Ctrl-C (or a build timeout) during `build` while podman runs a RUN step: the tool stops podman and exits 130, but
# podman removes its buildah working container only when a build *fails*, not when it is signalled: the container
# (`<base>-working-container`, state storage, unlabelled, listed only by `podman ps -a --external`) and its mounted
# layer stay for good, one per interrupted build. "Every container the tool starts is removed, also on Ctrl-C."
# Expected: exit 130 and no working container of the build's FROM image made during the run.
. "$(dirname "$0")/lib.sh"
command -v podman >/dev/null || { echo "no podman"; exit 9; }
IMG=localhost/podserve-gate-redteam-41:1
tinyimage $IMG 'CMD ["/bin/sh","-c","sleep 1000"]' || exit 9
# A base name of this run only, so the check below sees no one else's builds.
BASE=localhost/redteam41-$$-$RANDOM:1; podman tag $IMG $BASE || exit 9
PREFIX=$(echo "$BASE" | sed 's#.*/##; s#:.*##')
mkrepo /tmp/redteam-41 >/dev/null; fillplan dns
sed -i "s#^image: .*#image: localhost/redteam41-built:latest\nbuild: .#" services/dns/service.yaml
printf 'FROM %s\nRUN sleep 60\n' "$BASE" > services/dns/Containerfile
git add -A; git commit -qm "dns: image"
left() { podman ps -a --external --format '{{.ID}} {{.Names}}' | grep " $PREFIX-working-container" ; }
setsid "$BIN" build dns >out.txt 2>&1 & pid=$!
for i in $(seq 1 120); do [ -n "$(left)" ] && break; sleep 0.5; done
[ -n "$(left)" ] || { echo "setup: the build never started its working container"; kill -TERM $pid; exit 9; }
sleep 2; kill -INT $pid; wait $pid; rc=$?; sleep 1
leftover=$(left)
echo "build rc=$rc; working containers of $PREFIX left: ${leftover:-none}"
[ -n "$leftover" ] && podman rm -f $(echo "$leftover" | cut -d' ' -f1) >/dev/null 2>&1
podman rmi $BASE >/dev/null 2>&1
if [ -n "$leftover" ]; then echo "BUG: an interrupted build leaves its buildah working container"; exit 1; fi
[ $rc -eq 130 ] || { echo "BUG: exit $rc, not 130"; exit 1; }
echo OK; exit 0
