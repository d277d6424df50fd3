"""What a running job tells its front end: progress, text, problems, results; and cancel.

A job never sees a widget or a terminal. The GUI passes a feedback whose methods emit Qt
signals; the command line passes one that prints. Both subclass :class:`Feedback`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

from jobs.errors import Canceled

Severity = Literal["warning", "error"]


@dataclass(frozen=True)
class Problem:
    """One problem with the input: which file, where in it, what is wrong.

    ``severity`` is "error" when the whole input could not be read (the command exits 1),
    "warning" for a single row, value or feature (the input was still read).
    ``message`` never contains personal data (names, addresses, contacts).
    """

    file: str | None
    where: str | None
    message: str
    severity: Severity = "warning"

    def as_dict(self) -> dict[str, str | None]:
        """The JSON shape of a problem on stderr: ``file``, ``where``, ``message``, ``severity``."""
        return {"file": self.file, "where": self.where, "message": self.message, "severity": self.severity}

    def __str__(self) -> str:
        place = ", ".join(p for p in (self.file, self.where) if p)
        return f"{place}: {self.message}" if place else self.message


class Feedback:
    """Progress, messages and cancel for one job run; a silent base that records problems.

    Progress is a percentage 0–100. :meth:`step` returns a child feedback that maps its own
    0–100 onto a sub-range of this one, so nested work reports honest overall progress.
    """

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self.problems: list[Problem] = []
        self.progress = 0.0
        self.text = ""

    # progress and text -------------------------------------------------
    def set_progress(self, percent: float) -> None:
        """Report overall progress in percent (clamped to 0–100)."""
        self.progress = max(0.0, min(100.0, float(percent)))
        self._on_progress(self.progress)

    def set_text(self, text: str) -> None:
        """Say what the job is doing now (shown beside the progress bar)."""
        self.text = text
        self._on_text(text)

    def info(self, message: str) -> None:
        """An informational message (not a problem)."""
        self._on_info(message)

    # problems ----------------------------------------------------------
    def warn(self, problem: Problem) -> None:
        """Report a problem with one row, value or feature; the input is still read."""
        self._report(Problem(problem.file, problem.where, problem.message, "warning"))

    def error(self, problem: Problem) -> None:
        """Report an input that could not be read; the job goes on with the others."""
        self._report(Problem(problem.file, problem.where, problem.message, "error"))

    def _report(self, problem: Problem) -> None:
        self.problems.append(problem)
        self._on_problem(problem)

    @property
    def had_errors(self) -> bool:
        """True when some input could not be read."""
        return any(p.severity == "error" for p in self.problems)

    # cancel ------------------------------------------------------------
    def cancel(self) -> None:
        """Ask the job to stop at its next :meth:`check`."""
        self._cancel.set()

    @property
    def canceled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`Canceled` if cancel was asked; jobs call it between units of work."""
        if self._cancel.is_set():
            raise Canceled("canceled")

    # nesting -----------------------------------------------------------
    def step(self, start: float, end: float) -> Feedback:
        """A child feedback whose 0–100 % maps onto ``start``–``end`` % of this one."""
        return _SubFeedback(self, start, end)

    # hooks for front ends ------------------------------------------------
    def _on_progress(self, percent: float) -> None:
        pass

    def _on_text(self, text: str) -> None:
        pass

    def _on_info(self, message: str) -> None:
        pass

    def _on_problem(self, problem: Problem) -> None:
        pass


class _SubFeedback(Feedback):
    def __init__(self, parent: Feedback, start: float, end: float) -> None:
        super().__init__()
        self._parent = parent
        self._start = start
        self._span = end - start
        self._cancel = parent._cancel
        self.problems = parent.problems

    def set_progress(self, percent: float) -> None:
        self.progress = max(0.0, min(100.0, float(percent)))
        self._parent.set_progress(self._start + self._span * self.progress / 100.0)

    def set_text(self, text: str) -> None:
        self._parent.set_text(text)

    def info(self, message: str) -> None:
        self._parent.info(message)

    def _report(self, problem: Problem) -> None:
        self._parent._report(problem)
