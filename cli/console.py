"""Feedback for a terminal: problems on stderr (text or JSON), a progress bar only on a TTY."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from jobs.feedback import Feedback, Problem


class ConsoleFeedback(Feedback):
    """Writes problems to ``stream`` (stderr), one per line, as text or as JSON objects.

    Each distinct problem is written once. A progress bar (tqdm) is drawn only when the
    stream is a terminal, so scripts reading stderr see diagnostics only.
    """

    def __init__(self, stream: TextIO | None = None, as_json: bool = False) -> None:
        super().__init__()
        self._stream = stream if stream is not None else sys.stderr
        self._as_json = as_json
        self._seen: set[Problem] = set()
        self._bar = None
        if self._stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=100, file=self._stream, leave=False, bar_format="{l_bar}{bar}| {desc}")

    def _on_progress(self, percent: float) -> None:
        if self._bar is not None:
            self._bar.n = round(percent, 1)
            self._bar.refresh()

    def _on_text(self, text: str) -> None:
        if self._bar is not None:
            self._bar.set_description_str(text[-40:])

    def _on_info(self, message: str) -> None:
        if self._as_json:
            self._write(json.dumps({"file": None, "where": None, "message": message, "severity": "info"}, ensure_ascii=False))
        else:
            self._write(message)

    def _report(self, problem: Problem) -> None:
        if problem in self._seen:
            return
        self._seen.add(problem)
        super()._report(problem)

    def _on_problem(self, problem: Problem) -> None:
        if self._as_json:
            self._write(json.dumps(problem.as_dict(), ensure_ascii=False))
        else:
            self._write(f"{problem.severity}: {problem}")

    def _write(self, line: str) -> None:
        if self._bar is not None:
            self._bar.clear()
        print(line, file=self._stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
