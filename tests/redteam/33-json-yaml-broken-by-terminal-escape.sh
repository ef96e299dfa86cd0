#!/bin/bash
# Every line printed goes through the terminal escaper (finding 15's fix), which writes a bidi or C1 control
# character as `\u{202e}`: that is an invalid escape in JSON and in a YAML double-quoted scalar. A validator
# whose output holds U+202E (or U+0085) makes `check --format json` print a document no JSON parser reads; a plan
# whose config.env value holds one makes `export kube` print a Pod YAML that `kubectl apply`/`kube play` refuse.
# A committed hand-made commit with such a character in a trailer breaks `history --format json` the same way.
# Expected: machine-readable output stays parseable and reads back to the same text (e.g. escape as `\u202E`,
# valid in both JSON strings and YAML double-quoted scalars, and still harmless on a terminal).
. "$(dirname "$0")/lib.sh"
mkrepo2 /tmp/redteam-33 >/dev/null; PG advance dns >/dev/null 2>&1
printf '#!/bin/sh\nprintf "caf\\342\\200\\256e \\302\\205 done\\n"; exit 1\n' > gates/checks/lint.sh; git commit -qam "lint prints a bidi override"
PG check dns --format json > check.json 2>/dev/null
python3 - <<'PY'
p='services/dns/service.yaml'; s=open(p).read(); s=s.replace('env: {A: b}','env: {A: "shalom \\u202eolleh", B: "x\\u0085y"}'); open(p,'w').write(s)
PY
PG export kube > pod.yaml 2>/dev/null
python3 - <<'PY'
import yaml,sys
try:
    d=yaml.safe_load(open('pod.yaml')); env={e['name']:e['value'] for e in d['spec']['containers'][0]['env']}
    ok = env.get('A')=='shalom \u202eolleh' and env.get('B')=='x\u0085y'
    print("export kube reads back:", ok, repr(env)); sys.exit(0 if ok else 1)
except Exception as e:
    print("export kube: not YAML:", str(e).splitlines()[-1]); sys.exit(1)
PY
krc=$?
python3 -c 'import json; json.load(open("check.json"))' 2>/dev/null; jrc=$?
echo "check --format json parses: $([ $jrc -eq 0 ] && echo yes || echo no); export kube parses to the plan's values: $([ $krc -eq 0 ] && echo yes || echo no)"
# neither document may carry the raw character (a terminal would still reorder it)
if grep -q "$(printf '\342\200\256')" check.json pod.yaml; then echo "BUG: raw U+202E printed"; exit 1; fi
if [ $jrc -ne 0 ] || [ $krc -ne 0 ]; then echo "BUG: machine-readable output broken by the terminal escaper"; exit 1; fi
echo OK; exit 0
