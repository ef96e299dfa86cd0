#!/bin/bash
# The verify-cache key (finding 36's fix) is read from `$XDG_STATE_HOME/podserve-gate/verify-cache.key`, else
# `$HOME/.local/state/…`, whoever owns the file and whatever its mode. Where that folder is shared (CI containers
# commonly run with HOME=/tmp; an XDG_STATE_HOME on a shared disk), another local user creates the key first, with
# bytes they know, readable by all: the victim's verify then MACs its cache with a key the attacker holds, and the
# attacker (able to write the repository's git directory, as in 36) empties the findings of an entry, re-MACs it, and
# `verify` says clean for a history `verify --no-cache` flags.
# Expected: a key file not owned by this user, or open to group/others, is not used (no cache: full audits).
. "$(dirname "$0")/lib.sh"
H=/tmp/redteam-45-home; rm -rf $H; mkdir -p $H/.local/state/podserve-gate; chmod 1777 $H $H/.local $H/.local/state $H/.local/state/podserve-gate
head -c 32 /dev/zero | tr '\0' 'K' > $H/.local/state/podserve-gate/verify-cache.key
chmod 644 $H/.local/state/podserve-gate/verify-cache.key; chown 65534 $H/.local/state/podserve-gate/verify-cache.key 2>/dev/null
mkrepo /tmp/redteam-45 >/dev/null; ready
sed -i 's/phase: planning/phase: ready/' services/dns/state.yaml; git commit -qam "dns: ready (no gate ran)"
export HOME=$H; unset XDG_STATE_HOME
PG verify >/dev/null 2>&1; [ $? -eq 1 ] || { echo "setup: verify should flag the state change"; exit 9; }
[ -f .git/podserve-gate/verify-cache.json ] || { echo "no cache written with the planted key: OK"; exit 0; }
python3 - "$H/.local/state/podserve-gate/verify-cache.key" <<'PY'
import json, hashlib, sys
def hb(b): return hashlib.sha1(b'blob %d\0' % len(b) + b).hexdigest()
def mac(entry, key):
    e = dict(entry); e.pop('mac', None)
    msg = json.dumps(e, sort_keys=True, separators=(',', ':'), ensure_ascii=False).replace('/', '\\/').encode()
    block = key + b'\0' * (64 - len(key))
    return hb(bytes(x ^ 0x5c for x in block) + hb(bytes(x ^ 0x36 for x in block) + msg).encode())
key = open(sys.argv[1], 'rb').read(); p = '.git/podserve-gate/verify-cache.json'; d = json.load(open(p))
for e in d['entries']:
    e['report']['findings'] = []; e['report']['clean'] = True; e['mac'] = mac(e, key)
json.dump(d, open(p, 'w'))
PY
out=$(PG verify 2>&1); rc=$?; echo "verify after re-MACing the cache with the planted key: rc=$rc $(echo "$out" | tail -1)"
echo "verify --no-cache: $(PG verify --no-cache 2>&1 | tail -1)"
if [ $rc -eq 0 ]; then echo "BUG: a key file another user planted signs the verify cache"; exit 1; fi
echo OK; exit 0
