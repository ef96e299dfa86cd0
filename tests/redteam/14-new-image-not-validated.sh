#!/bin/bash
# `new <svc> --image REF` accepts any text as an image reference: a line break ("x\nscope: injected"), spaces,
# "{a: b}", "*alias". The value is quoted safely into service.yaml (no YAML injection), but a reference podman
# can never pull or run is committed in a transition, and the planning gate (plan-complete) passes it too.
# Expected: exit 2 naming the value and the reference grammar ([registry/]name[:tag][@digest]), nothing written.
. "$(dirname "$0")/lib.sh"
mkrepo /tmp/redteam-14 >/dev/null
PG new web --image $'x\nscope: injected' >/dev/null 2>&1; rc=$?
echo "new web --image \$'x\\nscope: injected': rc=$rc"
[ $rc -eq 0 ] && { echo "  committed image value: $(python3 -c "import yaml;print(repr(yaml.safe_load(open('services/web/service.yaml'))['image']))")"
  fillplan web; python3 - <<'PY'
import re; p='services/web/service.yaml'; s=open(p).read(); s=re.sub(r'^image: .*$', 'image: "x\\nscope: injected"', s, flags=re.M); open(p,'w').write(s)
PY
  echo "  check web, complete plan with that image: $(PG check web 2>/dev/null | grep -i -m1 "plan-complete")"; }
if [ $rc -eq 0 ]; then echo "BUG: an image reference with a line break was accepted"; exit 1; fi
echo OK; exit 0
