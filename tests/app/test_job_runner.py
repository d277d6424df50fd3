"""Background work: items reach the GUI thread one by one; cancel and failure end it cleanly."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.job_runner import JobRunner
from jobs.feedback import Feedback


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_items_arrive_in_the_gui_thread_then_finished(qtbot: QtBot, window: QWidget) -> None:
    def work(feedback: Feedback) -> Iterator[int]:
        for i in range(3):
            feedback.set_progress(i * 50)
            yield i

    runner = JobRunner("test", work, window)
    got: list[tuple[int, bool]] = []
    runner.item.connect(lambda i: got.append((i, threading.current_thread() is threading.main_thread())))
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.start()
    assert got == [(0, True), (1, True), (2, True)]


def test_cancel_ends_with_canceled(qtbot: QtBot, window: QWidget) -> None:
    started = threading.Event()

    def work(feedback: Feedback) -> Iterator[int]:
        started.set()
        while True:
            time.sleep(0.01)
            feedback.check()
            yield from ()

    runner = JobRunner("test", work, window)
    with qtbot.waitSignal(runner.canceled, timeout=5000):
        runner.start()
        started.wait(5)
        runner.dialog.findChild(QPushButton).click()  # the dialog's キャンセル button
    assert runner.feedback.canceled


def test_failure_is_reported_with_the_exception(qtbot: QtBot, window: QWidget) -> None:
    def work(feedback: Feedback) -> Iterator[int]:
        raise ValueError("roster.csv: 住民ID の列がありません")
        yield 0

    runner = JobRunner("test", work, window)
    with qtbot.waitSignal(runner.failed, timeout=5000) as failed:
        runner.start()
    assert str(failed.args[0]) == "roster.csv: 住民ID の列がありません"


def test_a_failure_is_logged_with_where_it_happened_but_not_its_message(qtbot: QtBot, window: QWidget, caplog: pytest.LogCaptureFixture) -> None:
    """The message reaches the user; the log, which may be shared, gets no personal data."""

    person = {"name": "山口 花子", "born": "1941-03-02"}  # as read from a roster row

    def work(feedback: Feedback) -> Iterator[int]:
        raise ValueError(f"row 12: {person['name']} ({person['born']}) has no 住所")
        yield 0

    runner = JobRunner("test", work, window)
    with qtbot.waitSignal(runner.failed, timeout=5000) as failed:
        runner.start()
    assert "山口 花子" in str(failed.args[0])
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "background work failed: ValueError" in logged and "test_job_runner.py" in logged
    assert "山口" not in logged and "1941" not in logged
