#!/usr/bin/env bash
# The whole test suite, headless: architecture contracts first, then pytest (Qt offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1
.venv/bin/lint-imports
.venv/bin/python -m pytest "$@"
