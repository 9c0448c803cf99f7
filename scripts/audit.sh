#!/usr/bin/env bash
# pip-audit --strict of the installed environment against PyPI's advisory data.
#
# Fails on any known vulnerability, or on a dependency that could not be audited, when the
# advisory database answers. When it cannot be reached (an offline or filtered machine), it
# says so plainly and exits 0: the audit was not done, and must be run where it can be.
set -uo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"

if ! "$VENV/bin/python" - <<'PY'
import json
import sys
import urllib.request

# A release with published advisories: the answer must list them.
URL = "https://pypi.org/pypi/django/3.2/json"
try:
    with urllib.request.urlopen(URL, timeout=15) as response:  # noqa: S310 (fixed https URL)
        sys.exit(0 if json.load(response).get("vulnerabilities") else 1)
except Exception:  # noqa: BLE001 — any failure means "unreachable"
    sys.exit(1)
PY
then
  echo "audit: NOT AUDITED — PyPI's advisory database cannot be reached from this machine."
  echo "audit: run 'make audit' on a machine with Internet access (pip-audit --strict)."
  exit 0
fi

exec "$VENV/bin/pip-audit" --strict --skip-editable --progress-spinner off --desc on
