"""The export's background work: the map and the files are made on a JobRunner thread.

An SQLite connection belongs to the thread that opened it, so the worker cannot use the store the
window borrowed (``app.project_file``). For the length of the job it uses a connection of its own
to the same file — not a second ``open_store``: no second lock is taken (the borrowed store holds
the project's lock for this process) and the file is in WAL mode, so the window keeps reading it
meanwhile. The selection was decided on the GUI thread and shown to the user before writing; the
worker writes exactly that selection.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database

from app.job_runner import Work
from evac_plans.package import ExportOptions, ExportResult, export_package, load_map
from evac_plans.package.selection import Selection
from jobs.feedback import Feedback
from store import ProjectStore

BUSY_TIMEOUT_S = 30.0
"""How long the worker waits when the window is writing to the project at the same moment."""


def export_work(store: ProjectStore, selection: Selection, options: ExportOptions) -> Work:
    """Work for a :class:`~app.job_runner.JobRunner` that yields the one :class:`ExportResult`."""
    path, staff = store.path, store.staff

    def work(feedback: Feedback) -> Iterator[ExportResult]:
        worker = ProjectStore(path, Database(sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)), None, staff)
        try:
            data = load_map(worker, selection, feedback.step(0, 20))
            feedback.check()
            yield export_package(worker, selection, data, options, feedback.step(20, 100))
        finally:
            worker.close()

    return work
