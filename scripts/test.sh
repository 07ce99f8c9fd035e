#!/usr/bin/env bash
# Tier-1 tests: plain Python, no Frappe. Installs the test tools from PyPI into a virtualenv,
# then runs pytest (core modules + static checks of the app's files), ruff, and a packaging check.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${CRM_TEST_VENV:-${TMPDIR:-/tmp}/crm-tier1-venv}"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
	"$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "ruff==0.17.5" "setuptools>=64" wheel
# The app's own dependencies and its `test` extra, as pyproject.toml lists them (one list).
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-build-isolation -e ".[test]"

echo "== ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .

echo "== package contents"
dist="$(mktemp -d)"
trap 'rm -rf "$dist"' EXIT
"$VENV/bin/python" -m pip wheel --quiet --no-deps --no-build-isolation --wheel-dir "$dist" . >/dev/null
"$VENV/bin/python" - "$dist" <<'PY'
import sys, zipfile, pathlib
wheel = next(pathlib.Path(sys.argv[1]).glob("crm-*.whl"))
names = set(zipfile.ZipFile(wheel).namelist())
needed = ["crm/hooks.py", "crm/modules.txt", "crm/patches.txt", "crm/crm/doctype/crm_task/crm_task.json",
          "crm/crm/doctype/mobile_oauth_settings/mobile_oauth_settings.js", "crm/www/human_inbox.html",
          "crm/www/human_inbox.js", "crm/www/human_inbox.css", "crm/crm/doctype/crm_webhook/crm_webhook.json",
          "crm/public/openapi.json", "crm/translations/ar.csv"]
missing = [n for n in needed if n not in names]
if missing:
    sys.exit(f"wheel is missing {missing}")
print(f"{wheel.name}: {len(names)} files, app files present")
PY

echo "== pytest"
"$VENV/bin/python" -m pytest "$@"
