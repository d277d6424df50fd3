#!/usr/bin/env bash
# Sets up everything Nigezero needs, and does nothing when it already is:
# the Debian packages (scripts/system-packages.sh), a virtualenv in .venv, and the Python
# packages pinned in pyproject.toml (reinstalled only when pyproject.toml changes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat .venv/.installed 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check pip==26.3
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --group test
  echo "$want" > .venv/.installed
fi
