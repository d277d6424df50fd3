"""Cold start of the desktop app: process start → first drawn window with the demo layers.

Each sample is a new process (Qt offscreen) started with ``python main.py --exit-when-loaded``;
the app prints ``drawn N layers`` once every demo layer is loaded and painted, and the span
ends when that line arrives (process exit is not counted). Three cases, in one run:

* ``baseline``: ``import PySide6.QtWidgets`` + an empty ``QMainWindow`` shown and painted —
  what any PySide6 app pays; the app's time is also reported as a ratio to it.
* ``app``: the usual start, the demo data and the PLATEAU parse cache already on disk.
* ``app_first_start``: the very first start, with an empty data and cache folder, so the demo
  is generated and parsed from CityGML before it is drawn.

``python bench/bench_cold_start.py [--repeats 5]`` prints JSON (seconds, median and min).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

BASELINE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1280, 820)
window.show()
app.processEvents()
window.repaint()
print("drawn", flush=True)
"""


def time_to_drawn(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting ``command`` until it prints a line starting with ``drawn``."""
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("drawn"):
                elapsed = time.perf_counter() - start
                break
        else:
            raise RuntimeError(f"{command!r} ended without drawing (exit code {proc.wait()})")
        if proc.wait(timeout=120) != 0:
            raise RuntimeError(f"{command!r} exited with {proc.returncode}")
    return elapsed


def summary(samples: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(samples), 3), "min": round(min(samples), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1"}
    python = sys.executable
    app = [python, "main.py", "--exit-when-loaded"]
    with tempfile.TemporaryDirectory(prefix="nigezero-bench-") as tmp:
        warm_env = {**env, "NIGEZERO_DATA_DIR": f"{tmp}/data", "NIGEZERO_CACHE_DIR": f"{tmp}/cache"}
        time_to_drawn(app, warm_env)  # generates the demo and fills the parse cache, untimed
        results: dict[str, list[float]] = {"baseline": [], "app": [], "app_first_start": []}
        for i in range(args.repeats):  # interleaved, so drifting machine load hits every case alike
            results["baseline"].append(time_to_drawn([python, "-c", BASELINE], env))
            results["app"].append(time_to_drawn(app, warm_env))
            fresh = {**env, "NIGEZERO_DATA_DIR": f"{tmp}/first{i}/data", "NIGEZERO_CACHE_DIR": f"{tmp}/first{i}/cache"}
            results["app_first_start"].append(time_to_drawn(app, fresh))
    report = {
        "span": "process start → first window drawn with every demo layer (offscreen)",
        "repeats": args.repeats,
        "seconds": {case: summary(samples) for case, samples in results.items()},
        "ratio_to_baseline_median": {
            case: round(statistics.median(results[case]) / statistics.median(results["baseline"]), 2)
            for case in ("app", "app_first_start")
        },
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
