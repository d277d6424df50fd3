"""``python main.py`` starts the window, loads the demo off the GUI thread and draws it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_main_draws_the_demo_and_exits_when_asked(demo_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NIGEZERO_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "main.py", "--lang", "en", "--demo-dir", str(demo_dir), "--exit-when-loaded"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "drawn 6 layers"
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # the given demo folder was used, nothing generated
