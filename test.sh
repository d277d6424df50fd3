#!/usr/bin/env bash
# Set up (first time only) and run the whole test suite headless:
# the architecture contracts (import-linter), lint for mistakes (ruff), then pytest with Qt offscreen.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
export QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1
.venv/bin/lint-imports
.venv/bin/ruff check --quiet .
.venv/bin/python -m pytest "$@"
