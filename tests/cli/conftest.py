"""Run ``python main.py ...`` as a subprocess, as scripts and schedulers do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Completed:
    code: int
    stdout: str
    stderr: str

    def records(self) -> list[dict]:
        """stdout parsed as JSON Lines (every line must be one JSON object)."""
        return [json.loads(line) for line in self.stdout.splitlines()]

    def problems(self) -> list[dict]:
        """stderr parsed as JSON objects (with --format json, every line is one)."""
        return [json.loads(line) for line in self.stderr.splitlines() if line.strip()]


def run_main(*args: str, cwd: Path = REPO) -> Completed:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    proc = subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return Completed(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_main
