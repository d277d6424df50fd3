"""Short work off the GUI thread, its result queued back to it: by kind, newest request wins.

What takes longer than the GUI may freeze (100 ms) without needing a progress dialog (that is
:mod:`app.job_runner`): the board reading 10,000 people and computing, the 3D view building a
city's deck.gl arrays. Each run is a plain ``threading.Thread`` (not ``QThreadPool``, see
docs/ARCHITECTURE.md). While a run of a kind is going, a new request of that kind waits; only the
newest waiting one runs next (a burst of feed updates makes at most one more run). Work that must
not be replaced by newer work (each 3D batch builds other layers) runs with :meth:`Background.run`.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance

from jobs.failure_log import log_failure

log = logging.getLogger(__name__)


def emit_from_worker(signal: SignalInstance, *args: Any) -> None:
    """Emit ``signal`` from a worker thread. When the app quits while a worker still runs, Qt
    may already have deleted the object the signal belongs to (emitting then raises): nobody is
    waiting for that result any more, so it is dropped instead of printing a traceback."""
    try:
        signal.emit(*args)
    except RuntimeError:
        log.debug("a worker's result arrived after its receiver was deleted")


Work = Callable[[], Any]
Done = Callable[[Any], None]
"""Called on the GUI thread with the work's result, or with the exception it raised."""


class Background(QObject):
    """Runs :data:`Work` on worker threads (see the module docstring).

    It has no Qt parent: a worker still running when the window closes keeps it alive through
    its reference, so its last report has somewhere to go (and is dropped after :meth:`stop`).
    """

    _finished = Signal(str, object, object, int)

    def __init__(self) -> None:
        super().__init__()
        self._running: set[str] = set()
        self._waiting: dict[str, tuple[Work, Done]] = {}
        self._generation = 0
        self._runs = itertools.count()
        self._finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)

    def submit(self, kind: str, work: Work, done: Done) -> None:
        """Run ``work`` now, or after the running one of its ``kind`` (replacing any waiting one)."""
        if kind in self._running:
            self._waiting[kind] = (work, done)
            return
        self._start(kind, work, done)

    def run(self, name: str, work: Work, done: Done) -> None:
        """Run ``work`` now on its own thread, whatever else runs (``name`` names the thread)."""
        self._start(f"{name} {next(self._runs)}", work, done)

    def busy(self, kind: str | None = None) -> bool:
        """True while work (of ``kind``, or of any kind) runs or waits."""
        if kind is None:
            return bool(self._running or self._waiting)
        return kind in self._running or kind in self._waiting

    def stop(self) -> None:
        """Drop waiting work and the results of running work (e.g. another project was opened)."""
        self._waiting.clear()
        self._generation += 1

    def _start(self, kind: str, work: Work, done: Done) -> None:
        self._running.add(kind)
        generation = self._generation

        def body() -> None:
            try:
                result = work()
            except Exception as exc:  # reported to ``done`` on the GUI thread, never a crash
                log_failure(log, f"background work {kind} failed", exc)
                result = exc
            emit_from_worker(self._finished, kind, done, result, generation)

        threading.Thread(target=body, name=kind, daemon=True).start()

    def _on_finished(self, kind: str, done: Done, result: Any, generation: int) -> None:
        self._running.discard(kind)
        if generation == self._generation:
            done(result)
        waiting = self._waiting.pop(kind, None)
        if waiting is not None and kind not in self._running:
            self._start(kind, *waiting)
