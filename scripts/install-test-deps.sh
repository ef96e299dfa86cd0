#!/bin/sh
# install-test-deps.sh — the Debian packages only the test suite needs, on top of install-deps.sh.
# Idempotent and quiet when everything is present.
#
#   chromium          headless browser: the HTML report is rendered (--dump-dom, --screenshot) by a real one
#   python3-html5lib  an independent HTML5 parser: the report must parse without a single error
#   fonts-dejavu-core a font, so the screenshot shows text (a bare machine may have none)
#   python3-pip       pip, for the one PyPI tool:
#   kubernetes-validate (PyPI, via pip) the Kubernetes API schemas, offline: `export kube` is checked with --strict
set -eu

# Debian packages, through install-deps.sh's idempotent installer (python3-pip for the PyPI tool below).
"$(dirname "$0")/install-deps.sh" chromium python3-html5lib fonts-dejavu-core python3-pip

# --- PyPI test tool (issue 14, `export kube`): kubernetes-validate checks the exported Pod YAML against the
# Kubernetes API schemas offline (tests run `python3 -m kubernetes_validate`). Idempotent: pip runs only when
# python3 cannot import it. PIP_BREAK_SYSTEM_PACKAGES lets Debian's pip (PEP 668) install it; others ignore it.
if ! python3 -c 'import kubernetes_validate' >/dev/null 2>&1; then
    echo "install-test-deps: installing kubernetes-validate (pip)" >&2
    PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet kubernetes-validate >&2 \
        || echo "install-test-deps: warning: pip could not install kubernetes-validate; the export kube schema test will fail" >&2
fi
# --- end of the PyPI test tool
