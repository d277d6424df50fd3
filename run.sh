#!/usr/bin/env bash
# Set up (first time only) and start Nigezero; the first start opens the built-in demo data.
# Extra arguments go to the app, e.g. `./run.sh --lang en`.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
export QTWEBENGINE_DISABLE_SANDBOX=1
export QTWEBENGINE_CHROMIUM_FLAGS="${QTWEBENGINE_CHROMIUM_FLAGS:---ignore-gpu-blocklist --disable-gpu-compositing}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  # No screen: run under a virtual one so the app still starts (e.g. over ssh).
  exec xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python main.py "$@"
fi
exec .venv/bin/python main.py "$@"
