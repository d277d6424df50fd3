"""Short work off the GUI thread: results come back on it; by kind the newest request wins,
``run`` never drops work."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from pytestqt.qtbot import QtBot

from app.background import Background


def test_a_kind_runs_once_at_a_time_and_only_the_newest_waiting_request_follows(qtbot: QtBot) -> None:
    background = Background()
    gate = threading.Event()
    done: list[object] = []
    background.submit("board", lambda: gate.wait(10) and "first", done.append)
    for label in ("second", "third", "fourth"):
        background.submit("board", lambda label=label: label, done.append)
    assert background.busy("board") and not background.busy("other")
    gate.set()
    qtbot.waitUntil(lambda: not background.busy(), timeout=5000)
    assert done == ["first", "fourth"]


def test_runs_are_never_replaced_and_a_failure_reaches_done_on_the_gui_thread(qtbot: QtBot) -> None:
    background = Background()
    gate = threading.Event()
    done: list[tuple[object, bool]] = []

    def record(result: object) -> None:
        done.append((result, threading.current_thread() is threading.main_thread()))

    background.run("specs", lambda: gate.wait(10) and 1, record)
    background.run("specs", lambda: 2, record)
    background.run("specs", lambda: 1 / 0, record)
    gate.set()
    qtbot.waitUntil(lambda: len(done) == 3, timeout=5000)
    assert sorted(str(r) for r, _ in done) == ["1", "2", "division by zero"]
    assert isinstance(next(r for r, _ in done if not isinstance(r, int)), ZeroDivisionError)
    assert all(on_gui for _, on_gui in done)


def test_a_result_arriving_after_the_app_deleted_its_receiver_is_dropped_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    """At quit Qt may delete the object a worker reports to while the worker still runs."""
    background = Background()
    gate = threading.Event()
    crashes: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: crashes.append(args.exc_value))

    def work() -> int:
        gate.wait(10)
        return 1

    background.run("specs", work, lambda result: None)
    shiboken6.delete(background)
    gate.set()
    worker = next(t for t in threading.enumerate() if t.name.startswith("specs"))
    worker.join(5)
    assert not crashes, crashes
