"""A :class:`~jobs.feedback.Feedback` whose reports become Qt signals.

A job calls its feedback from a worker thread; the signals belong to a ``QObject`` created in
the GUI thread, so Qt queues each emission to the GUI thread, where the progress dialog and
the status bar are updated. Cancel goes the other way through a thread-safe event.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from jobs.feedback import Feedback, Problem


class FeedbackSignals(QObject):
    """Signals of one :class:`QtFeedback` (progress in percent, text, info, problems)."""

    progress = Signal(float)
    text = Signal(str)
    info = Signal(str)
    problem = Signal(object)


class QtFeedback(Feedback):
    """Feedback for the window. Create it in the GUI thread; call it from any thread."""

    def __init__(self) -> None:
        super().__init__()
        self.signals = FeedbackSignals()

    def _on_progress(self, percent: float) -> None:
        self.signals.progress.emit(percent)

    def _on_text(self, text: str) -> None:
        self.signals.text.emit(text)

    def _on_info(self, message: str) -> None:
        self.signals.info.emit(message)

    def _on_problem(self, problem: Problem) -> None:
        self.signals.problem.emit(problem)
