#!/bin/sh
# install-test-deps.sh — the Debian packages only the test suite needs, on top of install-deps.sh.
# Idempotent and quiet when everything is present.
#
#   chromium          headless browser: the HTML report is rendered (--dump-dom, --screenshot) by a real one
#   python3-html5lib  an independent HTML5 parser: the report must parse without a single error
#   fonts-dejavu-core a font, so the screenshot shows text (a bare machine may have none)
#   kubernetes-validate (PyPI, via pip) the Kubernetes API schemas, offline: `export kube` is checked with --strict
set -eu

# --- PyPI test tool (issue 14, `export kube`): kubernetes-validate checks the exported Pod YAML against the
# Kubernetes API schemas offline (tests run `python3 -m kubernetes_validate`). Idempotent: pip runs only when
# python3 cannot import it. PIP_BREAK_SYSTEM_PACKAGES lets Debian's pip (PEP 668) install it; others ignore it.
if ! python3 -c 'import kubernetes_validate' >/dev/null 2>&1; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
        echo "install-test-deps: installing python3-pip for kubernetes-validate" >&2
        if [ "$(id -u)" -ne 0 ]; then PIP_SUDO=sudo; else PIP_SUDO=; fi
        DEBIAN_FRONTEND=noninteractive $PIP_SUDO apt-get install -y -qq --no-install-recommends python3-pip >&2 || true
    fi
    echo "install-test-deps: installing kubernetes-validate (pip)" >&2
    PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet kubernetes-validate >&2 \
        || echo "install-test-deps: warning: pip could not install kubernetes-validate; the export kube schema test will fail" >&2
fi
# --- end of the PyPI test tool

PKGS="chromium python3-html5lib fonts-dejavu-core"

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

echo "install-test-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
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
echo "install-test-deps: done" >&2
