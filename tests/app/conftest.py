"""The main window opened on the demo data, as most app tests start."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.main_window import MainWindow


@pytest.fixture
def demo_window(qtbot: QtBot, demo_dir: Path) -> Callable[..., MainWindow]:
    """Open a main window of the given size on the demo (or on ``folder``, e.g. the demo linked
    beside a project file of its own) and wait until every layer is drawn."""

    def open_window(width: int = 1280, height: int = 820, folder: Path | None = None) -> MainWindow:
        window = MainWindow()
        qtbot.addWidget(window)
        window.resize(width, height)
        window.show()
        qtbot.waitExposed(window)
        with qtbot.waitSignal(window.loading_done, timeout=120_000):
            window.open_folder(folder or demo_dir)
        window.canvas.render_now()
        return window

    return open_window
