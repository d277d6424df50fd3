"""Runs long work off the GUI thread with a progress dialog that can cancel it.

Work is any ``work(feedback) -> Iterable`` — a catalog job's ``run`` or a workspace loader.
Each item it yields reaches the GUI thread as ``item`` as soon as it is ready (so layers
appear one by one while the rest load); then exactly one of ``finished``, ``canceled`` or
``failed`` fires. The window stays usable meanwhile: the dialog is not modal.

The work runs on a fresh Python ``threading.Thread``, not on ``QThreadPool``: a pool thread
keeps its OS thread but PySide drops its Python thread state after each run, and pyproj
(3.7) keeps its per-thread PROJ context in OS-thread storage but frees it with the Python
thread state, so the second job on a reused pool thread crashed in ``pyproj.CRS``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.background import emit_from_worker
from app.qt_feedback import QtFeedback
from i18n import t
from jobs.errors import Canceled
from jobs.failure_log import log_failure
from jobs.feedback import Feedback

log = logging.getLogger(__name__)

Work = Callable[[Feedback], Iterable[object]]

DIALOG_DELAY_MS = 400
"""Work done sooner than this never shows the dialog (no flash for quick loads)."""


def _run(runner: JobRunner, work: Work) -> None:
    """The worker thread's body: report each item, then how the work ended."""
    feedback = runner.feedback
    try:
        for item in work(feedback):
            feedback.check()
            emit_from_worker(runner.from_worker, "item", item)
        feedback.check()
    except Canceled:
        emit_from_worker(runner.from_worker, "canceled", None)
    except Exception as exc:  # every failure reaches the user as a message, never a crash
        log_failure(log, "background work failed", exc)
        emit_from_worker(runner.from_worker, "failed", exc)
    else:
        emit_from_worker(runner.from_worker, "finished", None)


class JobRunner(QObject):
    """One run of ``work`` on its own thread, reported through a progress dialog over ``window``.

    The runner has no Qt parent: the worker thread holds it, so it outlives a window closed
    mid-run and the worker's last report still has somewhere to go.

    Signals
    -------
    item(object)
        Each result as the work yields it.
    finished(), canceled(), failed(Exception)
        How the run ended (exactly one fires). ``feedback.problems`` lists what was reported.
    """

    item = Signal(object)
    finished = Signal()
    canceled = Signal()
    failed = Signal(object)
    from_worker = Signal(str, object)
    """Internal: the worker's reports, queued to the GUI thread and re-emitted there by
    :meth:`_relay`, so whoever connects to the public signals runs in the GUI thread."""

    def __init__(self, title: str, work: Work, window: QWidget) -> None:
        super().__init__()
        self.feedback = QtFeedback()
        self.dialog = QProgressDialog(title, t("キャンセル", "Cancel"), 0, 100, window)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.dialog.setMinimumDuration(DIALOG_DELAY_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)
        self.dialog.canceled.connect(self.feedback.cancel)
        self.feedback.signals.progress.connect(self._on_progress)
        self.feedback.signals.text.connect(self._on_text)
        self.from_worker.connect(self._relay, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=_run, args=(self, work), name=f"job: {title}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop at its next check (the same as the dialog's Cancel)."""
        self.feedback.cancel()

    def _on_progress(self, percent: float) -> None:
        if shiboken6.isValid(self.dialog):
            self.dialog.setValue(round(percent))

    def _on_text(self, text: str) -> None:
        if shiboken6.isValid(self.dialog):
            self.dialog.setLabelText(text)

    def _relay(self, what: str, value: object) -> None:
        if what == "item":
            self.item.emit(value)
            return
        if shiboken6.isValid(self.dialog):  # gone if the window closed mid-run
            self.dialog.reset()  # also stops the timer that would show it later
            self.dialog.hide()
            self.dialog.deleteLater()
        if what == "failed":
            self.failed.emit(value)
        elif what == "canceled":
            self.canceled.emit()
        else:
            self.finished.emit()
